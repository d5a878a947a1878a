import { OperatorError } from '../core/errors.ts';
import { readTextFile } from '../core/files.ts';
import { z } from 'zod';

/** A line of an evaluation file (the format of `tests/fixtures/eval/dev.jsonl`). */
/** `after`: the questions asked just before in the same conversation, for a follow-up ("and who leads it?"). */
const after = z.array(z.string().min(1)).optional();
export const EvalItemSchema = z.union([
  z.strictObject({ id: z.string(), q: z.string().min(1), must: z.array(z.string()).min(1), after }),
  z.strictObject({ id: z.string(), q: z.string().min(1), abstain: z.literal(true), after }),
]);
export type EvalItem = z.infer<typeof EvalItemSchema>;

export async function readEvalFile(file: string): Promise<EvalItem[]> {
  const lines = (await readTextFile(file)).split('\n');
  const items: EvalItem[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new OperatorError(`${file}:${i + 1}: not JSON (${(error as Error).message})`);
    }
    const parsed = EvalItemSchema.safeParse(json);
    if (!parsed.success) throw new OperatorError(`${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid item'}`);
    for (const pattern of 'must' in parsed.data ? parsed.data.must : []) {
      try {
        new RegExp(pattern, 'i');
      } catch {
        throw new OperatorError(`${file}:${i + 1}: "${pattern}" is not a valid regular expression`);
      }
    }
    items.push(parsed.data);
  });
  return items;
}

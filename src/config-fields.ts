import { z } from 'zod';
import { Secret } from './core/secret.ts';

/**
 * The kinds of environment variable, as zod schemas: shared by `config.ts`
 * and by each platform's section of the environment (its plug-in in
 * `src/adapters/*\/platform.ts`), so every variable reads the same way.
 */

export const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema.optional());
export const secret = (prefix: RegExp, expects: string) => optional(z.string().trim().regex(prefix, `expects ${expects}`).transform((v) => new Secret(v)));
export const url = (expects: string) => optional(z.url({ protocol: /^(https?|wss?)$/, error: `expects ${expects}` }));
export const onOff = (fallback: boolean) =>
  z.preprocess(blankAsUndefined, z.enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'expects "on" or "off"' }).optional()).transform((v) =>
    v === undefined ? fallback : v === 'on' || v === 'true' || v === '1',
  );
export const positiveInt = (fallback: number, expects: string) =>
  z.preprocess(blankAsUndefined, z.coerce.number({ error: `expects ${expects}` }).int(`expects ${expects}`).positive(`expects ${expects}`).optional()).transform((v) => v ?? fallback);

import { describe, expect, it } from 'vitest';
import { runProcess, type RunResult } from '../support/run.ts';

/**
 * npm itself, run in the project as a person runs it: its errors show, and
 * `ask --json` stays pure JSON. `npm run ask` runs the built script in dist/,
 * which `npm test` builds before the suite runs.
 */
function npm(args: readonly string[]): Promise<RunResult> {
  return runProcess('npm', args, { env: { POLICYBOT_NOW: '2026-11-28' }, timeoutMs: 60_000 });
}

describe('npm in this project', () => {
  it('prints its own errors (the project does not silence npm)', async () => {
    const r = await npm(['run', 'no-such-script']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Missing script: "no-such-script"/);
  });

  it('npm run --silent ask -- --json prints JSON lines and nothing else on stdout, as the README says', async () => {
    const r = await npm(['run', '--silent', 'ask', '--', '--json', 'When is the US-EU MOU due?']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ question: 'When is the US-EU MOU due?', abstained: false });
  });
});

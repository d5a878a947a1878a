import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.ts';
import { Secret } from '../../src/core/secret.ts';

describe('the log', () => {
  it('writes one JSON line per event with level, time and message, below the level nothing', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.debug('not shown');
    log.warn('disk full', { file: '/data/policybot.json' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ level: 'warn', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), message: 'disk full', file: '/data/policybot.json' });
  });

  it('keeps an error’s name, message, stack and cause, under whatever key it is logged', () => {
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l)).error('failed', { error: new Error('outer', { cause: new Error('inner') }) });
    const { error } = JSON.parse(lines[0]!) as { error: { name: string; message: string; stack: string; cause: { message: string } } };
    expect(error).toMatchObject({ name: 'Error', message: 'outer', cause: { message: 'inner' } });
    expect(error.stack).toMatch(/\n\s+at /);
  });

  it('redacts credentials that arrive as plain strings under credential keys, and Secret objects anywhere', () => {
    const lines: string[] = [];
    createLogger('debug', (l) => lines.push(l)).info('request', {
      token: 'xoxb-plain-string',
      request: { headers: { authorization: 'Bearer sk-plain-string' } },
      options: { apiKey: 'sk-another' },
      config: { secret: new Secret('signing-secret-value') },
    });
    expect(lines[0]).not.toMatch(/plain-string|sk-another|signing-secret-value/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ token: '[redacted]', request: { headers: { authorization: '[redacted]' } }, options: { apiKey: '[redacted]' } });
  });
});

/**
 * Token shapes that must never appear in anything the bot says or logs.
 * Scanned across the whole suite by `secret-scan.setup.ts`; a finding fails
 * the test that produced it, naming where it was seen, never the token.
 */
export const TOKEN_SHAPES: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: 'Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{4,}/ },
  { kind: 'Slack app token', pattern: /\bxapp-\d+-[A-Za-z0-9-]{4,}/ },
  { kind: 'OpenAI key', pattern: /\bsk-[A-Za-z0-9_-]{8,}/ },
  // A Discord bot token: the bot's id in base64, a timestamp, an HMAC.
  { kind: 'Discord token', pattern: /\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/ },
];

export interface Finding {
  readonly where: string;
  readonly kind: string;
  /** The first characters and the length: enough to recognise a test token, useless to anyone else. */
  readonly hint: string;
}

const findings: Finding[] = [];

/** Records every token shape found in `text`; returns whether any was. */
export function scanForSecrets(text: string, where: string): boolean {
  let found = false;
  for (const { kind, pattern } of TOKEN_SHAPES) {
    const match = pattern.exec(text);
    if (match) {
      findings.push({ where, kind, hint: `${match[0].slice(0, 6)}… (${match[0].length} characters)` });
      found = true;
    }
  }
  return found;
}

/** The findings so far, emptied: each test answers for its own. */
export function takeFindings(): Finding[] {
  return findings.splice(0, findings.length);
}

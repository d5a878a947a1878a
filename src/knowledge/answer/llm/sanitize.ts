import { stripInvisible } from '../../text/normalize.ts';

/**
 * What crosses the boundary to and from the model. Text going in is data:
 * invisible characters stripped, length capped, and our own delimiters
 * defused so a question or a source cannot close the data block it sits in.
 * Text coming out is untrusted: no links but the sources' own, no mentions
 * that ping, no markup the adapters would render.
 */

/** Longest question the prompt carries (the extractive reader takes up to 1,000 characters). */
export const PROMPT_QUESTION_MAX = 500;
/** Longest passage body the prompt carries. */
export const PROMPT_PASSAGE_MAX = 1200;

/** Tags that delimit data in the prompt; data never contains them. */
export const DATA_TAGS = ['question', 'passages', 'passage', 'supplied_facts'] as const;
const DATA_TAG = new RegExp(`<\\s*/?\\s*(?:${DATA_TAGS.join('|')})\\b[^>]*>`, 'gi');
/** C0 and C1 control characters other than tab and newline. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

/** Makes untrusted text safe to place inside a data block of the prompt. */
export function asPromptData(text: string, max: number): string {
  const clean = stripInvisible(text).replace(CONTROL, ' ').replace(DATA_TAG, ' ').replace(/[ \t]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}

/** The question as the prompt shows it: one line, capped, with no invisible characters. */
export function sanitizeQuestion(question: string, max = PROMPT_QUESTION_MAX): string {
  return asPromptData(question.replace(/\s+/g, ' '), max);
}

const URL_LIKE = /\b(?:(?:https?|ftp|wss?):\/\/|www\.)[^\s<>"'`]+/gi;
/** Bare domains that Slack and others turn into links ("evil.example.com/x"). */
const BARE_DOMAIN = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|org|net|io|gov|edu|info|biz|co|ai|app|dev|xyz|me|ly|gg|link|site|online|top|ru|cn|uk|de|fr|eu|us)\b(?:\/[^\s<>"'`]*)?/gi;

/**
 * Cleans model output before it is verified and shown: invisible and control
 * characters go, markdown links and images keep only their text, any URL that
 * is not one of `allowedUrls` (the sources' own addresses) is removed,
 * platform mention syntax and `@everyone`, `@here`, `@channel` are dropped,
 * no `@` is left to ping anyone, and emphasis, headings and bullets become
 * plain text.
 */
export function sanitizeOutput(text: string, allowedUrls: ReadonlySet<string>): string {
  let out = stripInvisible(text).replace(CONTROL, ' ').replace(PRIVATE_USE, '');
  // Markdown images and links: keep the words, drop the target ("[2](x)" stays a citation marker).
  out = out.replace(/!?\[([^\]\n]*)\]\(\s*[^)\n]*\)/g, (_m, label: string) => (/^\s*\d+\s*$/.test(label) ? `[${label.trim()}]` : label));
  // Slack / Discord syntax: <@U123>, <@!123>, <@&123>, <#C123>, <!here>, <!channel|x>, <https://x|label>, <https://x>.
  out = out.replace(/<\s*(?:[@#!][^>\n]*|(?:https?|ftp|mailto):[^>\n]*)>/gi, ' ');
  // The sources' own addresses survive; every other URL or linkable domain goes.
  const kept: string[] = [];
  out = out.replace(URL_LIKE, (url) => {
    const trailing = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? '';
    const bare = url.slice(0, url.length - trailing.length);
    if (!allowedUrls.has(bare)) return trailing;
    kept.push(bare);
    return `\uE000${kept.length - 1}\uE001${trailing}`;
  });
  out = out.replace(BARE_DOMAIN, '').replace(/\uE000(\d+)\uE001/g, (_m, i: string) => kept[Number(i)] ?? '');
  // Mass mentions go entirely ("@everyone", "@here", "@channel"); any other "@" loses its power to ping.
  out = out.replace(/[@＠]+(?:everyone|here|channel|all|room)\b/gi, ' ').replace(/[@＠]/g, '');
  // Markdown emphasis, inline code, headings and bullets.
  out = out.replace(/(\*\*|__|`+)/g, '').replace(/^[ \t]{0,3}(?:#{1,6}[ \t]+|[-*•][ \t]+|\d+[.)][ \t]+)/gm, '');
  return out.replace(/[ \t]+/g, ' ').replace(/ +([.,;:!?])/g, '$1').trim();
}

/** Removes every occurrence of a secret from a string bound for a log line. */
export function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

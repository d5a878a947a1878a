/**
 * The part of output safety every platform shares: characters that make text
 * display as something it does not say, or that an encoder cannot carry.
 * Each adapter's sanitiser starts here and adds its own markup rules.
 */

/** Bidirectional overrides and isolates: they can make a quote display as something it does not say. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A surrogate half without its partner. JSON carries it, but a platform may
 * refuse the message or show garbage, so it becomes U+FFFD (what a UTF-8
 * encoder would write for it anyway).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A source's address when it is one a reader may be sent to: plain http(s),
 * no credentials in it. Each platform then encodes it for its own markup.
 */
export function webAddress(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.username || parsed.password ? undefined : parsed;
}

/** Text without bidi controls and with every lone surrogate replaced. */
export function displaySafe(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The console's colours: a handful of SGR codes, each closed by its own reset
 * code so that styles nest, and the decision whether to use them at all.
 */

export type Style = 'bold' | 'dim' | 'italic' | 'underline' | 'red' | 'green' | 'yellow' | 'blue' | 'cyan' | 'magenta';

/** Open and close codes (close resets only that attribute, so an outer style survives an inner one). */
const SGR: Record<Style, readonly [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  underline: [4, 24],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
  magenta: [35, 39],
};

/**
 * `text` in `styles`, line by line: each line opens and closes its own codes,
 * so a line broken later (wrapping) or printed alone never leaks a colour.
 * Only ever applied to text that has been through `sanitizeForTerminal`.
 */
export function paint(text: string, styles: readonly Style[] | undefined): string {
  if (!styles || styles.length === 0 || text === '') return text;
  const open = styles.map((s) => `\u001B[${SGR[s][0]}m`).join('');
  const close = [...styles]
    .reverse()
    .map((s) => `\u001B[${SGR[s][1]}m`)
    .join('');
  return text
    .split('\n')
    .map((line) => (line ? `${open}${line}${close}` : line))
    .join('\n');
}

/**
 * What the environment says about colour (`config.ts` reads it):
 * `FORCE_COLOR` (as Node reads it: empty, 1, 2, 3 or true forces colour on,
 * anything else off) wins over `NO_COLOR` (set and not empty: off), and a
 * `TERM` of `dumb` is off; otherwise, colour when the output is a terminal.
 */
export type ColourSetting = 'auto' | 'always' | 'never';

export function colourSetting(env: { readonly NO_COLOR?: string | undefined; readonly FORCE_COLOR?: string | undefined; readonly TERM?: string | undefined }): ColourSetting {
  if (env.FORCE_COLOR !== undefined) return ['', '1', '2', '3', 'true'].includes(env.FORCE_COLOR.trim().toLowerCase()) ? 'always' : 'never';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 'never';
  if (env.TERM === 'dumb') return 'never';
  return 'auto';
}

/** Whether to colour an output stream under a setting: `auto` colours a terminal and nothing else. */
export function useColour(setting: ColourSetting, output: { readonly isTTY?: boolean }): boolean {
  return setting === 'always' || (setting === 'auto' && Boolean(output.isTTY));
}

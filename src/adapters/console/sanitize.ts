import { displaySafe } from '../../core/display-text.ts';

/**
 * The console's output sanitiser. A terminal obeys what it is sent: an
 * escape sequence in a quoted source or an echoed question could recolour
 * the screen, move the cursor to overwrite an answer, set the window title
 * or hide a link (OSC 8), and a carriage return could print a line over
 * another. So every text the console prints passes `sanitizeForTerminal`:
 * it keeps the words and drops the control.
 */

/**
 * Whole escape sequences, so that their parameters do not linger as
 * "[31m": CSI (ESC [ or its 8-bit form), OSC up to its terminator (BEL or
 * ESC \), DCS/SOS/PM/APC strings, and two-character ESC sequences. A string
 * that is never terminated ends at the line's end, not the text's, so it
 * cannot swallow the rest of an answer.
 */
const ESCAPE_SEQUENCE = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]|\u001B[\]PX^_][^\u0007\u001B\n]*(?:\u0007|\u001B\\)?|\u001B[ -~]/g;

/** C0 controls but tab and newline, DEL, and C1 controls (some terminals act on them even as UTF-8). */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Text safe to write to a terminal: no escape sequences, no control characters but \n and \t, no bidi controls. */
export function sanitizeForTerminal(text: string): string {
  return displaySafe(text).replace(/\r\n?/g, '\n').replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

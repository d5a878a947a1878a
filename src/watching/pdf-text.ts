/**
 * A PDF's text, for `kb -- accept` of an item whose page is a PDF (a fact
 * sheet, a Federal Register document): pdf.js (`pdfjs-dist`, Mozilla's
 * reader, the legacy build that runs on Node 20) reads the text layer page by
 * page. Lines come from pdf.js's end-of-line marks; a paragraph ends where the
 * gap to the next line is clearly wider than the page's usual line spacing,
 * so the source splits into paragraphs as a text file would.
 *
 * A PDF with no text layer (a scan) or one that cannot be read is refused
 * with the reason: nothing is added.
 */

export class PdfTextError extends Error {}

interface Line {
  text: string;
  /** The baseline's height on the page (PDF units, growing upwards). */
  y: number;
}

/** How much wider than the usual line spacing a gap must be to end a paragraph. */
const PARAGRAPH_GAP = 1.5;

export async function pdfText(bytes: Uint8Array): Promise<string> {
  // Loaded on use: only accepting a PDF pays for the reader.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    // A copy: pdf.js takes the buffer over.
    doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (error) {
    throw new PdfTextError(`is a PDF that cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const lines: Line[] = [];
      let current: Line | undefined;
      for (const item of content.items) {
        if (!('str' in item)) continue;
        current ??= { text: '', y: item.transform[5] as number };
        current.text += item.str;
        if (item.hasEOL) {
          lines.push(current);
          current = undefined;
        }
      }
      if (current) lines.push(current);
      pages.push(paragraphs(lines.filter((l) => l.text.trim() !== '')));
    }
    const text = pages.filter(Boolean).join('\n\n').trim();
    if (!text) throw new PdfTextError('is a PDF with no text to read (a scan, perhaps): save its text as a .txt file and add it with `npm run kb -- add FILE --url …`');
    return `${text}\n`;
  } finally {
    await doc.destroy();
  }
}

/** Lines joined into paragraphs at the gaps wider than the page's usual spacing. */
function paragraphs(lines: readonly Line[]): string {
  const gaps = lines.slice(1).map((l, i) => Math.abs(lines[i]!.y - l.y)).filter((g) => g > 0);
  // The usual spacing is the tightest one between lines (0.5 PDF units of slack): paragraph gaps are only ever wider.
  const usual = gaps.length > 0 ? Math.min(...gaps) + 0.5 : 0;
  let out = '';
  lines.forEach((line, i) => {
    const gap = i > 0 ? Math.abs(lines[i - 1]!.y - line.y) : 0;
    if (i > 0) out += usual > 0 && gap > usual * PARAGRAPH_GAP ? '\n\n' : ' ';
    out += line.text.trim();
  });
  return out.replace(/-\s(?=[a-z])/g, '-').replace(/[ \t]+/g, ' ');
}

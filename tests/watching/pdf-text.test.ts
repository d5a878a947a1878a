import { describe, expect, it } from 'vitest';
import { pdfText, PdfTextError } from '../../src/watching/pdf-text.ts';
import { makePdf } from '../support/pdf.ts';

describe('reading a PDF for kb accept', () => {
  it('gives its text layer, lines joined, a paragraph ending at a wider gap', async () => {
    const text = await pdfText(makePdf(['Gallium licenses are issued through a portal', 'from July 1, 2026.', '', 'Each license is valid for 90 days.']));
    expect(text).toBe('Gallium licenses are issued through a portal from July 1, 2026.\n\nEach license is valid for 90 days.\n');
  });

  it('refuses a PDF it cannot read, and one with no text, saying which', async () => {
    await expect(pdfText(Buffer.from('%PDF-1.7 not a page'))).rejects.toThrow(PdfTextError);
    await expect(pdfText(Buffer.from('%PDF-1.7 not a page'))).rejects.toThrow(/is a PDF that cannot be read/);
    await expect(pdfText(makePdf([]))).rejects.toThrow(/is a PDF with no text to read/);
  });
});

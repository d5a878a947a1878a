/**
 * A small, valid PDF with a text layer, written byte by byte (one page,
 * Helvetica, one line per string; an empty string leaves a blank line, which
 * a reader sees as a paragraph break): what a fact sheet's PDF looks like to
 * pdf.js, without shipping a binary fixture.
 */
export function makePdf(lines: readonly string[]): Buffer {
  const escape = (s: string) => s.replace(/([()\\])/g, '\\$1');
  const content = ['BT', '/F1 11 Tf', '72 720 Td', '14 TL', ...lines.map((l) => (l === '' ? 'T*' : `(${escape(l)}) Tj T*`)), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

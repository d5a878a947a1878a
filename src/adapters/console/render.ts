import type { Reply } from '../../core/reply.ts';
import { sanitizeForTerminal } from './sanitize.ts';

/**
 * Plain text for a terminal: the answer, its fields and deadlines, then
 * numbered quotes with their sources; all of it through `sanitizeForTerminal`.
 */
export function renderForConsole(r: Reply): string {
  const out: string[] = [];
  const title = r.title ? sanitizeForTerminal(r.title) : '';
  if (title) out.push(title, '-'.repeat(Math.min(title.length, 72)));
  out.push(r.text);
  for (const f of r.fields) out.push('', `${f.name}:`, indent(f.value));
  if (r.deadlines.length > 0) {
    out.push('');
    for (const d of r.deadlines) {
      out.push(`• ${d.label}: ${d.date}${d.precision === 'estimated' ? ' (estimated)' : ''}, ${d.status.text}`, indent(`${d.entryName}. ${d.computation}.`));
    }
  }
  if (r.citations.length > 0) {
    out.push('', 'Sources:');
    r.citations.forEach((c, i) => {
      out.push(`[${i + 1}] “${c.quote}”`, indent(`${c.sourceTitle}, ${c.publisher}, ${c.published}, ${c.locator}${c.url ? `\n${c.url}` : ''}`, 4));
    });
  }
  if (r.notes.length > 0) out.push('', ...r.notes);
  // Once, over the whole: no piece of the reply can reach the terminal unsanitised.
  return sanitizeForTerminal(out.join('\n'));
}

function indent(text: string, by = 2): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(by) + l)
    .join('\n');
}

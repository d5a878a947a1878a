import { citationsBySource } from '../../core/citation.ts';
import type { Reply } from '../../core/reply.ts';
import { sanitizeForTerminal } from './sanitize.ts';

/**
 * Plain text for a terminal: the answer, its fields and deadlines, then each
 * source once (title; publisher, date and address) with the numbered quotes
 * cited from it; all of it through `sanitizeForTerminal`.
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
    for (const s of citationsBySource(r.citations)) {
      out.push(s.sourceTitle, indent([`${s.publisher}, ${s.published}`, ...(s.url ? [s.url] : [])].join('\n')));
      for (const c of s.cited) out.push(indent(`[${c.number}] ${c.locator} “${c.quote}”`));
    }
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

import type { DeadlineView } from '../core/reply.ts';
import { addDays } from '../core/dates.ts';

/**
 * Deadlines as an iCalendar file (RFC 5545): one all-day event per deadline,
 * its computation and citation in the description. Lines are folded at 75
 * octets and end in CRLF; text values are escaped.
 */
export function deadlinesCalendar(deadlines: readonly DeadlineView[], options: { now: Date; asOf: string }): string {
  const stamp = options.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//policybot//deadlines//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:policybot deadlines'];
  for (const d of deadlines) {
    const citation = d.citations[0];
    const description = [
      `${d.entryName}: ${d.label}.`,
      `Date ${d.date}${d.precision === 'estimated' ? ' (estimated)' : ''}: ${d.computation}.`,
      ...(citation ? [`Source: "${citation.quote}" (${citation.sourceTitle}, ${citation.publisher}, ${citation.published}, ${citation.locator}${citation.url ? `, ${citation.url}` : ''}).`] : []),
      `Sources as of ${options.asOf}; nothing later is recorded.`,
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${d.id}@policybot`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${d.date.replace(/-/g, '')}`,
      `DTEND;VALUE=DATE:${addDays(d.date, 1).replace(/-/g, '')}`,
      `SUMMARY:${escapeText(`${d.label}${d.precision === 'estimated' ? ' (estimated)' : ''}`)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(citation?.url ? [`URL:${citation.url}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Splits a content line into 75-octet pieces (never inside a UTF-8 character), continued with a space. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

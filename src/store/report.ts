import { channelKey, type FeedbackRecord, type PostRecord } from './store.ts';

/** The curators' report: answers voted down (with reasons) and the most frequent declined questions. */
export function feedbackReport(records: readonly FeedbackRecord[], options: { since?: string; top?: number } = {}): string {
  const since = options.since ?? '0000-01-01';
  const recent = records.filter((r) => r.at.slice(0, 10) >= since);
  const down = recent.filter((r) => r.kind === 'vote' && r.vote === 'down');
  const up = recent.filter((r) => r.kind === 'vote' && r.vote === 'up');
  const declined = recent.filter((r) => r.kind === 'declined');
  const counts = new Map<string, { question: string; count: number; last: string }>();
  for (const d of declined) {
    const key = d.question.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const seen = counts.get(key);
    counts.set(key, { question: d.question, count: (seen?.count ?? 0) + 1, last: seen && seen.last > d.at ? seen.last : d.at });
  }
  const frequent = [...counts.values()].sort((a, b) => b.count - a.count || b.last.localeCompare(a.last)).slice(0, options.top ?? 10);

  const out: string[] = [`policybot feedback since ${options.since ?? 'the beginning'}: ${up.length} up, ${down.length} down, ${declined.length} declined questions`, ''];
  out.push(`Answers voted down (${down.length}):`);
  for (const r of down) {
    out.push(`- ${r.at.slice(0, 10)} [kb ${r.kbVersion}] Q: ${r.question}`);
    out.push(`  A: ${r.answer.length > 200 ? `${r.answer.slice(0, 199)}…` : r.answer}`);
    if (r.reason) out.push(`  Reason: ${r.reason}`);
    for (const c of r.citations) out.push(`  Cited: ${c.source} ${c.locator}`);
  }
  if (down.length === 0) out.push('  none');
  out.push('', `Most frequent declined questions (coverage gaps):`);
  for (const f of frequent) out.push(`- ${String(f.count).padStart(3)}× ${f.question} (last ${f.last.slice(0, 10)})`);
  if (frequent.length === 0) out.push('  none');
  return `${out.join('\n')}\n`;
}

/**
 * Posts whose outcome nobody knows: claimed by a process that stopped before
 * the platform confirmed them (settled as `unknown` at the next start). They
 * may have gone out; they are not repeated. Listed so that someone can look
 * in the channel, rather than lost silently.
 */
export function unconfirmedPostsReport(posts: readonly PostRecord[], options: { since?: string } = {}): string {
  const since = options.since ?? '0000-01-01';
  const unknown = posts.filter((p) => p.state === 'unknown' && p.at.slice(0, 10) >= since);
  const out = [`Posts not confirmed (${unknown.length}): their process stopped mid-post; check the channel, they are not repeated:`];
  for (const p of unknown) out.push(`- ${p.at.slice(0, 16).replace('T', ' ')} ${p.kind} in ${channelKey(p.channel)}: ${p.key}`);
  if (unknown.length === 0) out.push('  none');
  return `${out.join('\n')}\n`;
}

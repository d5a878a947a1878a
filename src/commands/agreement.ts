import { reply, type ReplyField } from '../core/reply.ts';
import { bothDates, capitalise, formatValue } from '../knowledge/answer/format.ts';
import { disagreement } from '../knowledge/answer/compose.ts';
import { uniqueCitations } from '../knowledge/citations.ts';
import { asOfNote, deadlineView, developmentPhrase, reportedBy } from '../knowledge/deadlines.ts';
import type { Entry, Figure } from '../knowledge/model.ts';
import { resolveAgreement } from './resolve.ts';
import { defineCommand } from './spec.ts';

const KIND_LABEL: Record<Entry['kind'], string> = {
  meeting: 'Meeting',
  'action-plan': 'Action plan',
  partnership: 'Strategic partnership',
  memorandum: 'Memorandum of understanding',
  'trade-initiative': 'Trade initiative',
  'envisioned-agreement': 'Envisioned agreement',
  'framework-arrangement': 'Framework arrangement',
  pledge: 'Pledge',
  initiative: 'Initiative',
  investigation: 'Investigation',
  framework: 'Framework',
  deals: 'Deals',
  forum: 'Forum',
  background: 'Background',
};

export const agreement = defineCommand({
  name: 'agreement',
  description: 'A card for one agreement or initiative: parties, leads, instruments, deadlines, status, sources.',
  options: [{ name: 'name', description: 'Its name or an abbreviation (MOU, Project Vault, Section 232…)', required: true, autocomplete: 'agreement', whenMissing: 'Which agreement? Give its name after the command.' }],
  examples: ['agreement Project Vault', 'agreement US-EU MOU', 'agreement mexico action plan'],
  async execute({ name }, ctx) {
    const entry = resolveAgreement(ctx.engine.kb, name);
    const today = ctx.clock.today();
    const fields: ReplyField[] = [{ name: 'Kind', value: KIND_LABEL[entry.kind], inline: true }];
    // The status as it stands now: the latest development, when one is recorded; the sources' own otherwise.
    const latest = entry.developments.at(-1);
    if (latest) fields.push({ name: 'Status', value: `${capitalise(developmentPhrase(latest))} (${reportedBy(latest)}): ${latest.text}`, inline: true });
    // Else the sources' own word at the time, said as theirs: "a 60-day window is open" was true on the day it was written.
    else if (entry.status) fields.push({ name: 'Status', value: `${entry.status.text} (as the sources put it on ${entry.status.citations.map((c) => c.published).sort().at(-1) ?? ctx.engine.kb.asOf}; where its deadlines stand today is below)`, inline: !entry.deadlines.length });
    if (entry.developments.length > 0) {
      const earlier = [...entry.developments].reverse().map((d) => `• ${d.date}: ${developmentPhrase(d)}: ${d.text} (${reportedBy(d)})`);
      if (entry.status) earlier.push(`• ${entry.status.citations[0]?.published ?? 'at first'}: in the first sources: ${entry.status.text}`);
      fields.push({ name: 'Developments, newest first', value: earlier.join('\n') });
    }
    if (entry.when) {
      const value = entry.whenConflicts
        ? `Sources disagree: ${disagreement(entry.whenConflicts.map((w) => ({ value: bothDates(w.date), citations: w.citations })))}`
        : `${bothDates(entry.when.date)}${entry.when.precision === 'estimated' ? ' (estimated)' : ''}: ${entry.when.reading}`;
      fields.push({ name: entry.kind === 'meeting' ? 'Held' : 'Announced', value, inline: !entry.whenConflicts });
    }
    if (entry.parties.length > 0) fields.push({ name: 'Parties and leads', value: entry.parties.map((p) => (p.lead ? `${p.name}: led by ${p.lead}` : p.name)).join('\n') });
    if (entry.announcedBy) fields.push({ name: 'Announced by', value: entry.announcedBy.text });
    if (entry.instruments.length > 0) fields.push({ name: 'Instruments', value: entry.instruments.map((i) => `• ${i.text}`).join('\n') });
    if (entry.figures.length > 0) {
      const line = (f: Figure) => (f.conflicts ? `• ${f.label}: sources disagree. ${disagreement(f.conflicts.map((c) => ({ value: c.text, citations: c.citations })))}` : `• ${f.label}: ${f.text} (${formatValue(f.value, f.unit)})`);
      fields.push({ name: 'Figures', value: entry.figures.map(line).join('\n') });
    }
    if (entry.facts.length > 0) fields.push({ name: 'Also', value: entry.facts.map((f) => `• ${f.text}`).join('\n') });
    const related = entry.related.map((id) => ctx.engine.kb.entry(id)?.name).filter(Boolean);
    if (related.length > 0) fields.push({ name: 'Related', value: related.join('; ') });
    const citations = uniqueCitations([
      ...entry.summary.citations,
      ...entry.parties.flatMap((p) => p.citations),
      ...entry.developments.flatMap((d) => d.citations).reverse(),
      ...(entry.status?.citations ?? []),
      ...entry.instruments.flatMap((i) => i.citations),
      ...entry.figures.flatMap((f) => (f.conflicts ?? [f]).flatMap((c) => c.citations)),
      ...(entry.whenConflicts ?? []).flatMap((w) => w.citations),
      ...entry.deadlines.flatMap((d) => d.citations),
    ]);
    return reply({
      kind: 'info',
      title: entry.name,
      text: entry.summary.text,
      fields,
      deadlines: entry.deadlines.map((d) => deadlineView(d, today)),
      citations,
      notes: [asOfNote(ctx.engine.kb)],
    });
  },
});

import { reply } from '../core/reply.ts';
import { asOfNote, deadlineView } from '../knowledge/deadlines.ts';
import { deadlinesCalendar } from '../knowledge/ics.ts';
import { uniqueCitations } from '../knowledge/citations.ts';
import { resolveAgreement } from './resolve.ts';
import { defineCommand } from './spec.ts';

export const deadlines = defineCommand({
  name: 'deadlines',
  description: 'Deadlines, soonest first: the date, how it was computed, and whether it has passed.',
  options: [{ name: 'agreement', description: 'Only this agreement’s deadlines', required: false, autocomplete: 'agreement' }],
  examples: ['deadlines', 'deadlines mexico action plan', 'deadlines MOU'],
  async execute({ agreement }, ctx) {
    const kb = ctx.engine.kb;
    const entry = agreement ? resolveAgreement(kb, agreement) : undefined;
    const today = ctx.clock.today();
    const views = (entry ? entry.deadlines : kb.deadlines).map((d) => deadlineView(d, today)).sort((a, b) => a.date.localeCompare(b.date));
    const upcoming = views.filter((v) => v.status.state === 'upcoming' || v.status.state === 'today');
    const passed = views.filter((v) => v.status.state === 'passed');
    // Decided by a recorded development (concluded, met, missed, withdrawn…), whatever the date.
    const settled = views.filter((v) => v.status.state === 'settled');
    const scope = entry ? ` for the ${entry.name}` : '';
    if (views.length === 0) {
      return reply({ kind: 'info', title: `Deadlines${scope}`, text: `My sources give no deadline${scope}.`, notes: [asOfNote(kb)] });
    }
    const text =
      `As of ${today}: ${upcoming.length === 0 ? 'no deadline is still ahead' : `${upcoming.length} upcoming`}` +
      `${settled.length > 0 ? `, ${settled.length} settled by a later development` : ''}` +
      `${passed.length > 0 ? `, ${passed.length} passed` : ''}.` +
      (settled.length > 0 ? ' Settled means a newer source records what happened (cited below).' : '') +
      (passed.length > 0 ? ` Passed means the date has gone by; the sources do not record whether ${passed.length === 1 ? 'it was' : 'they were'} met.` : '');
    return reply({
      kind: 'info',
      title: `Deadlines${scope}`,
      text,
      // Upcoming first, then what is decided, then what passed unrecorded, each soonest first: what is still actionable leads.
      deadlines: [...upcoming, ...settled, ...passed],
      citations: uniqueCitations([...upcoming, ...settled, ...passed].flatMap((v) => v.citations)),
      notes: [asOfNote(kb)],
      attachments: [{ filename: entry ? `policybot-deadlines-${entry.id}.ics` : 'policybot-deadlines.ics', contentType: 'text/calendar', content: deadlinesCalendar(views, { now: ctx.clock.now(), asOf: kb.asOf }) }],
    });
  },
});


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
    const upcoming = views.filter((v) => v.status.state !== 'passed');
    const passed = views.filter((v) => v.status.state === 'passed');
    const scope = entry ? ` for the ${entry.name}` : '';
    if (views.length === 0) {
      return reply({ kind: 'info', title: `Deadlines${scope}`, text: `My sources give no deadline${scope}.`, notes: [asOfNote(kb)] });
    }
    const text =
      `As of ${today}: ${upcoming.length === 0 ? 'no deadline is still ahead' : `${upcoming.length} upcoming`}` +
      `${passed.length > 0 ? `, ${passed.length} passed` : ''}.` +
      (passed.length > 0 ? ' Passed means the date has gone by; the sources do not record whether it was met.' : '');
    return reply({
      kind: 'info',
      title: `Deadlines${scope}`,
      text,
      // Upcoming apart from passed, each soonest first: what is still actionable leads.
      deadlines: [...upcoming, ...passed],
      citations: uniqueCitations([...upcoming, ...passed].flatMap((v) => v.citations)),
      notes: [asOfNote(kb)],
      attachments: [{ filename: entry ? `policybot-deadlines-${entry.id}.ics` : 'policybot-deadlines.ics', contentType: 'text/calendar', content: deadlinesCalendar(views, { now: ctx.clock.now(), asOf: kb.asOf }) }],
    });
  },
});


import { z } from 'zod';
import { PLATFORM_ID } from '../core/platform.ts';

/** Any platform's id (a plug-in's): the file keeps no list of them. */
const platform = z.string().regex(PLATFORM_ID);
const channel = z.strictObject({ platform, channelId: z.string().min(1) });
const instant = z.iso.datetime();

/** The store file's shape, checked at load: a file that does not fit stops start-up rather than being reset. */
export const StoreFileSchema = z.strictObject({
  version: z.literal(1),
  salt: z.string().min(16),
  subscriptions: z.array(
    z.strictObject({
      channel,
      topics: z.array(z.enum(['deadlines', 'announcements'])).min(1),
      since: instant,
      unreachable: z.strictObject({ at: instant, reason: z.string() }).optional(),
      caveat: z.strictObject({ at: instant, text: z.string() }).optional(),
      events: z.boolean().optional(),
      agreements: z.array(z.string().min(1)).min(1).optional(),
    }),
  ),
  posts: z.record(
    z.string(),
    z.strictObject({
      key: z.string(),
      channel,
      kind: z.enum(['reminder', 'announcement', 'notice']),
      state: z.enum(['pending', 'sent', 'failed', 'superseded', 'unknown']),
      at: instant,
      detail: z.string().optional(),
    }),
  ),
  // A file written before platform events existed has none.
  events: z
    .record(
      z.string(),
      z.strictObject({ key: z.string(), platform, scope: z.string(), deadlineId: z.string(), eventId: z.string(), fingerprint: z.string(), at: instant }),
    )
    .default({}),
  // Absent from files written before Slack could be installed in many workspaces.
  installations: z
    .record(z.string(), z.strictObject({ platform, scope: z.string().min(1), data: z.record(z.string(), z.unknown()), at: instant }))
    .default({}),
  knownEntries: z.record(z.string(), z.string()).nullable(),
  announcements: z.array(z.strictObject({ id: z.string(), entryId: z.string(), change: z.enum(['new', 'changed', 'development']), hash: z.string(), at: instant, developmentId: z.string().optional() })),
  // Absent from files written before feeds were watched: an empty inbox.
  inbox: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        key: z.string().min(1),
        url: z.string().min(1),
        title: z.string(),
        feed: z.string(),
        publisher: z.string().optional(),
        published: z.string().optional(),
        summary: z.string().optional(),
        entries: z.array(z.string()),
        keywords: z.array(z.string()),
        found: instant,
        state: z.enum(['waiting', 'accepted', 'dismissed']),
        settled: z.strictObject({ at: instant, source: z.string().optional() }).optional(),
      }),
    )
    .default([]),
  feedback: z.array(
    z.strictObject({
      id: z.string(),
      at: instant,
      kind: z.enum(['vote', 'declined']),
      answerId: z.string().optional(),
      vote: z.enum(['up', 'down']).optional(),
      reason: z.string().optional(),
      question: z.string(),
      answer: z.string(),
      citations: z.array(z.strictObject({ source: z.string(), locator: z.string(), quote: z.string() })),
      kbVersion: z.string(),
      platform,
      user: z.string().optional(),
    }),
  ),
});

export type StoreFile = z.infer<typeof StoreFileSchema>;

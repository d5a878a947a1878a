import { appMention, eventCallback, FORM, JSON_TYPE, slackSignature, slashCommand } from '../tests/fakes/slack-requests.ts';
import { BOT_USER_ID } from '../tests/fakes/slack-web-api.ts';

/**
 * The requests of a load run, as Slack would send them: every even one a
 * `/policy <question>` slash command, every odd one an `app_mention` event,
 * from a pool of users in a pool of channels (picked by a seeded generator,
 * so two runs send the same traffic), asking the development set's questions.
 * Bodies come from the test suite's builders, which are checked against the
 * real receiver; signatures are made when sent, as Slack's are.
 */
export type Kind = 'slash' | 'mention';

export interface SlackRequest {
  readonly kind: Kind;
  /** What the stand-in will report the answer under (see `slack-stand-in.ts`). */
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
}

export interface TrafficOptions {
  readonly questions: readonly string[];
  readonly users: number;
  readonly channels: number;
  readonly seed: number;
  responseUrl(key: string): string;
}

/** Mention timestamps are unique per request, so the answer's `thread_ts` names its request. */
const TS_BASE = 1_800_000_000;

export function createTraffic(options: TrafficOptions): (i: number) => SlackRequest {
  const random = mulberry32(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  return (i) => {
    const question = options.questions[i % options.questions.length]!;
    const user = `U0LOAD${pick(options.users).toString(36).toUpperCase().padStart(4, '0')}`;
    const channel = `C0LOAD${pick(options.channels).toString(36).toUpperCase().padStart(3, '0')}`;
    if (i % 2 === 0) {
      const key = `s${i}`;
      return { kind: 'slash', key, contentType: FORM, body: slashCommand({ text: question, responseUrl: options.responseUrl(key), userId: user, channelId: channel }) };
    }
    const ts = `${TS_BASE + i}.000100`;
    const event = appMention({ text: `<@${BOT_USER_ID}> ${question}`, channel, user, ts });
    return { kind: 'mention', key: ts, contentType: JSON_TYPE, body: JSON.stringify(eventCallback(event, `Ev0LOAD${options.seed}x${i}`)) };
  };
}

/** Slack's headers for `body`, signed now. */
export function signedHeaders(request: SlackRequest, signingSecret: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'content-type': request.contentType,
    'content-length': String(Buffer.byteLength(request.body)),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(signingSecret, timestamp, request.body),
  };
}

/** A small seeded generator: reproducible picks without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { createFetcher, DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../src/watching/fetch.ts';
import { FeedWatcher } from '../../src/watching/watcher.ts';
import { memoryLogger, shippedKnowledgeBase } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';
import { rss, send, startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

/**
 * Whatever a watched feed sends, the watcher logs one clear line naming the
 * feed and what was wrong, adds nothing to the inbox, and goes on: malformed
 * XML, a 50 MB body, a redirect loop, a redirect to a private address, an HTML
 * page with scripts, a server that never answers.
 */
let server: FeedServer;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let store: LowdbStore;
beforeEach(async () => {
  server = await startFeedServer();
  data = await tempDataDir();
  store = await LowdbStore.open(data.file);
});
afterEach(async () => {
  await store.close();
  await server.close();
  await data.dispose();
});

/** Only the stand-in's own address is allowed: every other private address stays refused, as in production. */
async function poll(feed: string, policy: Partial<FetchPolicy> = {}, deadlineMs = 20_000) {
  const kb = await shippedKnowledgeBase();
  const log = memoryLogger('info');
  const watcher = new FeedWatcher({
    feeds: [feed],
    store,
    knowledge: () => kb,
    fetcher: createFetcher({ ...DEFAULT_FETCH_POLICY, allowPrivate: ['127.0.0.1'], ...policy }),
    clock: fixedClock('2026-12-01'),
    log,
    retry: { attempts: 2, backoffMs: 50 },
  });
  const started = Date.now();
  const [report] = await watcher.pollOnce({ deadline: Date.now() + deadlineMs });
  const warnings = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'warn');
  return { report: report!, warnings, elapsed: Date.now() - started };
}

/** A title that would match (it names the US–EU memorandum), so that only the hostility keeps it out. */
const TEMPTING = 'US-EU MOU concluded';

describe('hostile feed input', () => {
  it('malformed XML', async () => {
    server.route('/bad.xml', send('application/rss+xml', `<<rss><channel><item><title>${TEMPTING}</title><link>&&&</lin`));
    const { report, warnings } = await poll(server.url('/bad.xml'));
    expect(report).toMatchObject({ ok: false, added: [], error: expect.stringMatching(/^is not an RSS or Atom feed/) });
    expect(warnings).toEqual([expect.objectContaining({ message: 'feed failed', feed: server.url('/bad.xml'), reason: expect.stringMatching(/not an RSS or Atom feed/) })]);
    expect((await store.inbox())).toEqual([]);
  });

  it('a truncated feed whose items have no link', async () => {
    server.route('/cut.xml', send('application/rss+xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>${TEMPTING}</title>`));
    const { report } = await poll(server.url('/cut.xml'));
    expect(report).toMatchObject({ ok: true, added: [] });
    expect((await store.inbox())).toEqual([]);
  });

  it('a 50 MB body, streamed without a length or announced with one', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    server.route('/huge.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let sent = 0;
      const more = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => undefined);
      more();
    });
    server.route('/huge-declared.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * 1024) });
      res.on('error', () => undefined);
      res.write(chunk);
    });
    const streamed = await poll(server.url('/huge.xml'));
    expect(streamed.report).toMatchObject({ ok: false, error: 'is larger than the 5 MB allowed (stopped reading)' });
    expect(streamed.warnings[0]).toMatchObject({ message: 'feed failed', feed: server.url('/huge.xml') });
    const declared = await poll(server.url('/huge-declared.xml'));
    expect(declared.report).toMatchObject({ ok: false, error: 'is 50 MB, more than the 5 MB allowed' });
    expect((await store.inbox())).toEqual([]);
  });

  it('a redirect loop, and too many redirects', async () => {
    server.route('/a', (_req, res) => void res.writeHead(302, { location: '/b' }).end());
    server.route('/b', (_req, res) => void res.writeHead(301, { location: server.url('/a') }).end());
    const loop = await poll(server.url('/a'));
    expect(loop.report).toMatchObject({ ok: false, error: `redirect loop (back to ${server.url('/a')})` });
    expect(loop.warnings).toEqual([expect.objectContaining({ feed: server.url('/a'), reason: expect.stringMatching(/redirect loop/) })]);
    for (let i = 0; i < 8; i++) server.route(`/hop${i}`, (_req, res) => void res.writeHead(307, { location: `/hop${i + 1}` }).end());
    const long = await poll(server.url('/hop0'));
    expect(long.report.error).toBe('more than 5 redirects');
  });

  it('a redirect to a private address', async () => {
    for (const inside of ['http://10.0.0.1/feed.xml', 'http://169.254.169.254/latest/meta-data/', 'http://127.0.0.2:9/feed.xml', 'http://[::1]/feed.xml']) {
      server.route('/moved', (_req, res) => void res.writeHead(302, { location: inside }).end());
      const { report, warnings } = await poll(server.url('/moved'));
      expect(report).toMatchObject({ ok: false, attempts: 1 });
      expect(report.error).toMatch(/^refused: .+ is at .+, a private or reserved address \(redirected to http:\/\/.+\); set POLICYBOT_FETCH_ALLOW_PRIVATE to allow it$/);
      expect(warnings).toHaveLength(1);
    }
    expect((await store.inbox())).toEqual([]);
  });

  it('an HTML page with scripts', async () => {
    server.route('/page', send('text/html; charset=utf-8', `<!doctype html><html><head><script>fetch('/steal')</script></head><body><h1>${TEMPTING}</h1><script>alert(1)</script></body></html>`));
    const { report, warnings } = await poll(server.url('/page'));
    expect(report).toMatchObject({ ok: false, error: expect.stringMatching(/^is an HTML page, not a feed/) });
    expect(warnings).toHaveLength(1);
    expect(server.requests).not.toContain('/steal');
    expect((await store.inbox())).toEqual([]);
  });

  it('a server that never answers: retried with backoff, then given up on by the deadline', async () => {
    server.route('/hang', () => undefined);
    const { report, warnings, elapsed } = await poll(server.url('/hang'), { timeoutMs: 300 }, 5_000);
    expect(report).toMatchObject({ ok: false, attempts: 2, error: 'no answer within 0.3 s' });
    expect(warnings.map((w) => w.message)).toEqual(['feed failed; retrying', 'feed failed']);
    expect(elapsed).toBeLessThan(5_000);
    const bounded = await poll(server.url('/hang'), { timeoutMs: 60_000 }, 700);
    expect(bounded.elapsed).toBeLessThan(2_000);
    expect(bounded.report.ok).toBe(false);
  });

  it('a feed that fails does not keep the others from the inbox', async () => {
    server.route('/good.xml', send('application/rss+xml', rss([{ title: 'US-EU MOU talks resume', link: 'https://news.example.org/mou', guid: 'n-1' }])));
    const kb = await shippedKnowledgeBase();
    const watcher = new FeedWatcher({ feeds: [server.url('/page-missing'), server.url('/good.xml')], store, knowledge: () => kb, fetcher: createFetcher({ ...DEFAULT_FETCH_POLICY, allowPrivate: ['127.0.0.1'] }), clock: fixedClock('2026-12-01'), log: memoryLogger() });
    const reports = await watcher.pollOnce();
    expect(reports.map((r) => r.ok)).toEqual([false, true]);
    expect((await store.inbox()).map((i) => [i.title, i.entries])).toEqual([['US-EU MOU talks resume', ['us-eu-mou']]]);
  });
});

describe('the bot’s feed loop', () => {
  it('polls at start, tries a failed feed again after a short backoff rather than a whole interval, then stops cleanly', async () => {
    let calls = 0;
    server.route('/flaky.xml', (req, res) => {
      calls++;
      if (calls === 1) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      send('application/rss+xml', rss([{ title: 'Project Vault stockpile grows', link: 'https://news.example.org/vault', guid: 'v-1' }]))(req, res);
    });
    const kb = await shippedKnowledgeBase();
    const log = memoryLogger('info');
    const watcher = new FeedWatcher({ feeds: [server.url('/flaky.xml')], store, knowledge: () => kb, fetcher: createFetcher({ ...DEFAULT_FETCH_POLICY, allowPrivate: ['127.0.0.1'] }), clock: fixedClock('2026-12-01'), log, retry: { attempts: 1, backoffMs: 10 } });
    watcher.start(3_600_000, { tickMs: 20, retryBaseMs: 150 });
    const until = Date.now() + 5_000;
    while ((await store.inbox()).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await watcher.stop();
    expect(calls).toBe(2);
    expect((await store.inbox()).map((i) => [i.title, i.entries])).toEqual([['Project Vault stockpile grows', ['project-vault']]]);
    expect(log.lines.some((l) => /"reason":"answered HTTP 503 Service Unavailable".*"message":"feed failed"/.test(l))).toBe(true);
  });
});

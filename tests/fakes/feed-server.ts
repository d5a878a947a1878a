import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the sources a watcher polls: each path answers as
 * the test says (a feed, a Federal Register search, a page, a redirect, a
 * body that never ends…). Never the internet.
 */
export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface FeedServer {
  readonly url: (path: string) => string;
  readonly requests: string[];
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0]!;
    const handler = routes.get(path);
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const send = (type: string, body: string | Buffer): Route => (_req, res) => void res.writeHead(200, { 'content-type': type }).end(body);

export function rss(items: readonly { title: string; link: string; guid?: string; pubDate?: string; description?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Trade Policy Wire</title><link>https://wire.example.org/</link><description>News</description>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link>${i.guid ? `<guid>${i.guid}</guid>` : ''}${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}${i.description ? `<description>${i.description}</description>` : ''}</item>`).join('\n')}
</channel></rss>`;
}

/** A Federal Register `documents.json` search answer, with the fields its API sends. */
export function federalRegister(results: readonly { title: string; html_url: string; document_number: string; publication_date: string; abstract?: string; agency?: string }[]): string {
  return JSON.stringify({
    count: results.length,
    description: 'Documents matching critical minerals',
    total_pages: 1,
    results: results.map((r) => ({
      title: r.title,
      type: 'Notice',
      abstract: r.abstract ?? null,
      document_number: r.document_number,
      html_url: r.html_url,
      pdf_url: `${r.html_url}.pdf`,
      public_inspection_pdf_url: null,
      publication_date: r.publication_date,
      agencies: [{ raw_name: (r.agency ?? 'Commerce Department').toUpperCase(), name: r.agency ?? 'Commerce Department', id: 54, url: 'https://www.federalregister.gov/agencies/commerce-department', json_url: 'https://www.federalregister.gov/api/v1/agencies/54', parent_id: null, slug: 'commerce-department' }],
      excerpts: null,
    })),
  });
}

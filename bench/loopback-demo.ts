// Feeds for the crawl benchmarks: the demo feeds (data/demo/, ~580 characters a post) copied
// into documents of ~300 posts each, every copy of an item with its own guid and link, served
// over HTTP on several loopback hosts (127.0.0.2 …; Linux routes all of 127/8 to lo), so that
// the crawler fetches them under its politeness rules. The same documents feed the bulk path
// (src/bulk.ts), the baseline that a crawl is compared with in the same run.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SourceConfig } from '../src/config.ts';

const demo = new URL('../data/demo/', import.meta.url);
const FILES = ['blog-rss.xml', 'blog-atom.xml', 'forum-feed.xml'];

/** A copy of a feed whose items carry `-copyN` in their guid, id and link. */
function copyOf(xml: string, c: string): string {
  return xml
    .replace(/<guid([^>]*)>([^<]*)<\/guid>/g, `<guid$1>$2-copy${c}</guid>`)
    .replace(/<id>([^<]*)<\/id>/g, `<id>$1-copy${c}</id>`)
    .replace(/<link>([^<]*)<\/link>/g, `<link>$1?copy=${c}</link>`)
    .replace(/<link([^>]*)href="([^"]*)"/g, `<link$1href="$2?copy=${c}"`);
}

/** One document holding the items of several copies of `xml`, in the first copy's envelope. */
function merged(xml: string, copies: string[]): string {
  const tag = xml.includes('<entry') ? 'entry' : 'item';
  const items = (x: string) =>
    x.slice(x.indexOf(`<${tag}>`), x.lastIndexOf(`</${tag}>`) + tag.length + 3);
  const first = copyOf(xml, copies[0]!);
  const head = first.slice(0, first.indexOf(`<${tag}>`));
  const tail = first.slice(first.lastIndexOf(`</${tag}>`) + tag.length + 3);
  return head + copies.map((c) => items(copyOf(xml, c))).join('\n') + tail;
}

export interface DemoDocument {
  sourceId: string;
  xml: string;
  posts: number;
}

/**
 * ~`posts` posts in documents of ~`perDocument` posts; `set` makes the guids of one call
 * distinct from another's (a second crawl of new posts).
 */
export function demoDocuments(posts: number, perDocument = 300, set = 'a'): DemoDocument[] {
  const xmls = FILES.map((f) => readFileSync(new URL(f, demo), 'utf8'));
  const counts = xmls.map((x) => (x.match(/<(item|entry)>/g) ?? []).length);
  const docs: DemoDocument[] = [];
  let total = 0;
  for (let d = 0; total < posts; d++) {
    const f = d % xmls.length;
    const copies = Math.max(1, Math.round(perDocument / counts[f]!));
    const ids = Array.from({ length: copies }, (_, c) => `${set}${d}-${c}`);
    docs.push({ sourceId: `${set}-${d}`, xml: merged(xmls[f]!, ids), posts: copies * counts[f]! });
    total += copies * counts[f]!;
  }
  return docs;
}

export interface LoopbackFeeds {
  /** One source per document, spread over the hosts, nothing fetched beyond the feed. */
  sources: SourceConfig[];
  /** The hosts, for crawl.allowPrivateHosts. */
  hosts: string[];
  close(): Promise<void>;
}

/** Serves each document at http://127.0.0.X:PORT/SOURCE_ID, on `hosts` loopback hosts. */
export async function serveDocuments(docs: DemoDocument[], hosts = 10): Promise<LoopbackFeeds> {
  const byPath = new Map(docs.map((d) => [`/${d.sourceId}`, d.xml]));
  const servers: Server[] = [];
  const origins: string[] = [];
  for (let h = 0; h < hosts; h++) {
    const server = createServer((req, res) => {
      const body = byPath.get(req.url ?? '');
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(body);
    });
    const address = `127.0.0.${h + 2}`;
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    servers.push(server);
    origins.push(`http://${address}:${(server.address() as AddressInfo).port}`);
  }
  return {
    sources: docs.map((d, i) => ({
      id: d.sourceId,
      kind: 'feed',
      url: `${origins[i % hosts]}/${d.sourceId}`,
      interval: 1800,
      enabled: true,
      audience: 1000,
      fullText: 'never',
    })),
    hosts: origins.map((o) => new URL(o).hostname),
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise((r) => {
              s.closeAllConnections();
              s.close(r);
            }),
        ),
      );
    },
  };
}

// A local HTTP server on 127.0.0.1 for crawl tests: each route is a function of the request,
// and every request is logged with its path and headers, so tests can assert what was (and
// was not) fetched, and in which order.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Logged {
  path: string;
  headers: IncomingMessage['headers'];
  /** Order of arrival, across every server of a test (one shared counter). */
  seq: number;
  /** What the test's clock said when the request arrived. */
  at: number;
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  origin: string;
  host: string;
  log: Logged[];
  hits(path: string): number;
  close(): Promise<void>;
}

let seq = 0;

/** Replies with a body and headers (200 unless `status` is given). */
export function reply(body: string, headers: Record<string, string> = {}, status = 200): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', ...headers });
    res.end(body);
  };
}

export async function serve(
  routes: Record<string, Route>,
  clock: () => number = Date.now,
): Promise<TestServer> {
  const log: Logged[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    log.push({ path, headers: req.headers, seq: seq++, at: clock() });
    const route = routes[path];
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    log,
    hits: (path) => log.filter((l) => l.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

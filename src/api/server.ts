// Serves an app over HTTP on loopback by default: exposing it is a deliberate config choice.
import type { AddressInfo } from 'node:net';
import { serve as honoServe } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ApiEnv } from './route.ts';

export interface Served {
  url: string;
  close(): Promise<void>;
}

export function serve(app: Hono<ApiEnv>, opts: { host?: string; port: number }): Promise<Served> {
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = honoServe(
      { fetch: app.fetch, hostname: host, port: opts.port },
      (info: AddressInfo) => {
        const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shown}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              // Keep-alive sockets would hold close() open until they time out.
              if ('closeAllConnections' in server) server.closeAllConnections();
              server.close((err) => (err ? fail(err) : done()));
            }),
        });
      },
    );
    server.once('error', reject);
  });
}

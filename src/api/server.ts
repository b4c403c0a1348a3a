// Serves an app over HTTP on loopback by default: exposing it is a deliberate config choice.
import type { AddressInfo } from 'node:net';
import { serve as honoServe } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ApiEnv } from './route.ts';

/**
 * A request, headers and body, must arrive within this. Node's default (5 minutes) let a
 * client announce a Content-Length, send less, and hold a connection that long; bodies here
 * are at most 64 KiB.
 */
export const REQUEST_TIMEOUT_MS = 8_000;
/** The headers must arrive within this (slow-header clients). */
export const HEADERS_TIMEOUT_MS = 5_000;
/** How often Node looks for requests past those timeouts (its default is 30 s). */
export const TIMEOUT_CHECK_MS = 1_000;

export interface Served {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port: number;
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
}

export function serve(app: Hono<ApiEnv>, opts: ServeOptions): Promise<Served> {
  const host = opts.host ?? '127.0.0.1';
  const requestTimeout = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = Math.min(opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeout);
  return new Promise((resolve, reject) => {
    const server = honoServe(
      {
        fetch: app.fetch,
        hostname: host,
        port: opts.port,
        serverOptions: {
          requestTimeout,
          headersTimeout,
          connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, headersTimeout),
        },
      },
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

// Which access mode a server may run in, decided before it listens. With api.auth
// 'off-on-loopback' (the default) a server bound to a loopback address serves /v1 read-only
// without a key; bound to anything else it must not start, because a key-less API reachable
// from the network would publish every complaint to whoever asks.
import { isIP } from 'node:net';
import { ConfigError } from '../config.ts';

export type AuthSetting = 'required' | 'off-on-loopback';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** The app's anonymousRead for this binding; a ConfigError naming api.auth when unsafe. */
export function anonymousReadFor(host: string, auth: AuthSetting): boolean {
  if (auth === 'required') return false;
  if (isLoopbackHost(host)) return true;
  throw new ConfigError(
    `api.auth: "off-on-loopback" but api.host is ${JSON.stringify(host)}, not a loopback address: set api.auth to "required" (and create keys with grogne keys create) or bind to 127.0.0.1`,
  );
}

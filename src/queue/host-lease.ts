// Per-host politeness across processes: a lease per host in Redis (SET NX PX with a random
// token), taken before a request to the host and handed back after it with the rest the host
// is owed, by shortening the key's expiry to that rest rather than deleting it, so that no
// process (this one included) starts the host's next request before the rest is over. While
// a request runs, the lease is renewed; a worker killed while it holds one lets go of it when
// the key expires, `ttlMs` later at most. Each process still keeps its own per-host queue
// (politeness.ts): the lease only orders the processes.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { HostLease } from '../ingest/politeness.ts';

/** Shortens the key's life to ARGV[2] ms (deletes it at 0), if the token is still ours. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[2]) > 0 then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
  end
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Extends the key's life to ARGV[2] ms, if the token is still ours. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

export interface RedisHostLeaseOptions {
  /** Prefix of the lease keys: `${prefix}:host:${host}`. */
  prefix: string;
  /** How long a lease lives unrenewed: what a killed holder costs the host at most. */
  ttlMs?: number;
  /** Longest pause between two attempts while another process holds the host. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const DEFAULT_LEASE_TTL_MS = 10_000;

export function redisHostLease(redis: Redis, opts: RedisHostLeaseOptions): HostLease {
  const ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const pollMs = opts.pollMs ?? 50;
  const sleep = opts.sleep ?? realSleep;
  return {
    async acquire(host) {
      const key = `${opts.prefix}:host:${host}`;
      const token = randomUUID();
      for (;;) {
        if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') break;
        // Held: by a request in flight (a long expiry, renewed) or a rest (its exact end).
        const left = await redis.pttl(key);
        await sleep(Math.max(1, Math.min(pollMs, left > 0 ? left : 1)));
      }
      const renew = setInterval(
        () => void redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => undefined),
        Math.max(1, Math.floor(ttlMs / 3)),
      );
      renew.unref();
      return async (restMs) => {
        clearInterval(renew);
        await redis.eval(RELEASE, 1, key, token, String(Math.ceil(restMs)));
      };
    },
  };
}

// Where the crawl queue lives: a Redis server named by a URL, `redis://host:port[/db]`, with an
// optional `?prefix=NAME` so that several grogne installations (or test runs) share one server
// without seeing each other's jobs and host leases.
import { Redis } from 'ioredis';
import { InputError } from '../errors.ts';

export interface QueueTarget {
  /** The server's URL without grogne's own parameters, as ioredis reads it. */
  redisUrl: string;
  /** Prefix of every key grogne writes there (BullMQ's queues and the host leases). */
  prefix: string;
}

export const DEFAULT_PREFIX = 'grogne';

export function parseQueueUrl(text: string): QueueTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`--queue: not a URL (got "${text}"): use redis://host:port[/db]`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new InputError(`--queue: only redis:// and rediss:// queues are known (got "${text}")`);
  }
  if (url.pathname.length > 1 && !/^\/\d+$/.test(url.pathname)) {
    throw new InputError(`--queue: the path is a database number, as in redis://host:6379/0`);
  }
  const prefix = url.searchParams.get('prefix') || DEFAULT_PREFIX;
  if (!/^[\w.-]+$/.test(prefix)) {
    throw new InputError(`--queue: prefix may hold letters, digits, ".", "_" and "-" only`);
  }
  url.search = '';
  return { redisUrl: url.toString(), prefix };
}

/**
 * A connection as BullMQ wants it: commands wait for a reconnection instead of failing after
 * a few retries (maxRetriesPerRequest null), so that a Redis restart pauses the workers.
 */
export function connect(target: QueueTarget, onError?: (err: Error) => void): Redis {
  const redis = new Redis(target.redisUrl, { maxRetriesPerRequest: null });
  // Reconnection attempts fail every second or two while Redis is away: each new reason is
  // told once, not each attempt (and never as ioredis's "Unhandled error event").
  let last: string | null = null;
  redis.on('error', (err: Error) => {
    if (err.message === last) return;
    last = err.message;
    onError?.(err);
  });
  redis.on('ready', () => {
    last = null;
  });
  return redis;
}

/**
 * True when a Redis server answers PING at `redisUrl` within `timeoutMs`; false when none
 * does (tests skip then, and say why).
 */
export async function redisAnswers(redisUrl: string, timeoutMs = 500): Promise<boolean> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

// The tests of the job queue run against the Redis server of the machine (and of CI), at
// 127.0.0.1:6379; they skip, saying so, only where none answers. Each test writes under its
// own key prefix, so that runs sharing the server never see each other's jobs.
import { randomUUID } from 'node:crypto';
import { redisAnswers } from '../../src/queue/redis.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const hasRedis = await redisAnswers(REDIS_URL, 500);
if (!hasRedis)
  console.warn(`skipping the job queue's tests: no Redis server answers at ${REDIS_URL}`);

/** A key prefix of a test's own. */
export const testPrefix = () => `grogne-test-${randomUUID().slice(0, 8)}`;

/** Deletes every key under `prefix` (a test's jobs, queue state and leases). */
export async function dropKeys(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

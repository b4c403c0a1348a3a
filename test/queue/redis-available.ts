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

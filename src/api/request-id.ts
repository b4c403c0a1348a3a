// Each request gets an id that its log lines and its answer carry (X-Request-Id), so that a
// user's report ("this call failed") finds its log line. A proxy's id is kept when it looks
// like one; anything else (too long, odd characters that could forge log fields) is replaced.
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(incoming: string | undefined, generate: () => string = randomUUID) {
  return incoming !== undefined && ACCEPTED.test(incoming) ? incoming : generate();
}

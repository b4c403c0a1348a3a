// The store's generation (migration 14): a number that changes with every committed write to
// a table an answer is read from, whoever wrote it (another process included). The same
// generation means the same rows, so an answer derived from them needs no re-reading.
import type { Db } from './open.ts';
import { cached } from './statements.ts';

export function storeGeneration(db: Db): number {
  return (cached(db, 'SELECT n FROM store_generation').get({}) as { n: number }).n;
}

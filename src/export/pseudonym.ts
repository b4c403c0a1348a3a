// Authors are pseudonymised: the same name gives the same pseudonym across an export and across
// exports made with the same secret (so researchers can follow an author), but the name cannot
// be recovered without the secret, and a guessed name cannot be checked without it either
// (a bare hash could be reversed by hashing a list of usernames).
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../store/open.ts';
import { getOrCreateMeta } from '../store/settings.ts';

export const SECRET_META_KEY = 'export.authorSecret';

export function pseudonymiser(secret: string): (name: string | null) => string | null {
  const cache = new Map<string, string>();
  return (name) => {
    if (name === null) return null;
    // Case and spacing are kept as part of the name: "Jean" and "jean" may be two people.
    const key = name.normalize('NFC').trim();
    if (key === '') return null;
    let p = cache.get(key);
    if (p === undefined) {
      p = createHmac('sha256', secret).update(key, 'utf8').digest('hex').slice(0, 32);
      // Bounded: forums have many authors; a full map of 1M names would defeat flat memory.
      if (cache.size > 50_000) cache.clear();
      cache.set(key, p);
    }
    return p;
  };
}

/**
 * The configured secret, else the one kept in the database, generated on first use.
 * The secret is never printed, logged or written into an export or its card.
 */
export function authorSecret(
  db: Db,
  configured: string | undefined,
  random: () => string = () => randomBytes(32).toString('base64url'),
): { secret: string; origin: 'config' | 'database' } {
  if (configured) return { secret: configured, origin: 'config' };
  return { secret: getOrCreateMeta(db, SECRET_META_KEY, random), origin: 'database' };
}

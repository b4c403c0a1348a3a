// Who is asking, and may they? API keys are "grg_" + 32 base64url characters (192 random
// bits); the store keeps their sha256 only. 401 = no valid key; 403 = a valid key that may not.
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey } from '../store/keys.ts';
import { Problem } from './problem.ts';

export type Principal = { kind: 'anonymous' } | { kind: 'key'; key: ApiKey };

/**
 * read: anonymous allowed on a loopback server; write: any key (feedback); edit: an editor or
 * admin key (the team's workflow); admin: an admin key.
 */
export type Access = 'public' | 'read' | 'write' | 'edit' | 'admin';

export const KEY_PREFIX = 'grg_';
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="grogne"' };

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface NewKey {
  key: string;
  /** Shown in listings: enough to tell keys apart, useless to authenticate. */
  prefix: string;
  hash: string;
}

export function generateKey(random: (n: number) => Buffer = randomBytes): NewKey {
  const key = `${KEY_PREFIX}${random(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, KEY_PREFIX.length + 6), hash: hashKey(key) };
}

/** The key in an Authorization header, or null when there is none; malformed is a 401. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  if (!m) throw unauthorized('Authorization must be "Bearer <key>"');
  return m[1]!;
}

export function unauthorized(detail: string): Problem {
  return new Problem(401, detail, undefined, 'unauthorized', CHALLENGE);
}

export function forbidden(detail: string): Problem {
  return new Problem(403, detail, undefined, 'forbidden');
}

/** Throws the 401 or 403 that `access` calls for; returns when the principal may go on. */
export function authorize(p: Principal, access: Access, anonymousRead: boolean): void {
  if (access === 'public') return;
  if (p.kind === 'anonymous') {
    if (access === 'read' && anonymousRead) return;
    throw unauthorized(
      access === 'read'
        ? 'this route needs an API key: Authorization: Bearer <key> (grogne keys create)'
        : `this route needs ${access === 'admin' ? 'an admin' : access === 'edit' ? 'an editor or admin' : 'an'} API key: Authorization: Bearer <key>`,
    );
  }
  if (access === 'admin' && p.key.role !== 'admin') {
    throw forbidden(
      `key ${p.key.prefix}… is ${article(p.key.role)} key; this route needs an admin key`,
    );
  }
  if (access === 'edit' && p.key.role === 'reader') {
    throw forbidden(
      `key ${p.key.prefix}… is a reader key; marking posts handled, assigning them and notes need an editor or admin key`,
    );
  }
}

const article = (role: string) => (role === 'admin' ? 'an admin' : `a ${role}`);

/** The brands a principal is limited to; undefined = all of them. */
export function allowedBrands(p: Principal): string[] | undefined {
  return p.kind === 'key' && p.key.brands !== null ? p.key.brands : undefined;
}

export function canSeeBrand(p: Principal, brand: string): boolean {
  const allowed = allowedBrands(p);
  return allowed === undefined || allowed.includes(brand);
}

/** A brand route for a brand outside the key's list is a 403, not a 404: the key is the issue. */
export function requireBrand(p: Principal, brand: string): void {
  if (!canSeeBrand(p, brand)) {
    throw forbidden(`this key may not see brand "${brand}"`);
  }
}

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

/** What an export does to personal data: its authors, and the URLs that would name them. */
export interface Privacy {
  author: (name: string | null) => string | null;
  url: (url: string | null, author: string | null) => string | null;
}

/** Names as published (an administrator's export, on request). */
export const CLEAR: Privacy = { author: (n) => n, url: (u) => u };

/** Authors and the URLs that name them, pseudonymised under `secret`. */
export function pseudonymPrivacy(secret: string): Privacy {
  const author = pseudonymiser(secret);
  return { author, url: (url, name) => pseudonymiseUrl(url, name, author) };
}

// Path segments after which the next one names a member: "/members/jean.42/",
// "/u/gaston_lagaffe/", "/profil/marie", "/author/jp/".
const MEMBER_PATH =
  /^(?:members?|membres?|u|users?|utilisateurs?|profiles?|profils?|authors?|auteurs?|people|comptes?|accounts?|user_profile|memberlist)$/i;
// Query parameters whose value names a member: "?author=Marie", "&u=jean".
const MEMBER_PARAM =
  /^(?:author|auteur|user|username|user_name|u|member|membre|pseudo|login|profile|profil|nick|name|un)$/i;

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** The spellings of a name a URL may carry: as written, and as a slug ("jean-pierre-dupuis"). */
function spellings(name: string): string[] {
  const plain = name.normalize('NFC').trim().toLowerCase();
  if (plain.length < 4) return [];
  const out = new Set([plain]);
  for (const sep of ['-', '_', '.', '']) out.add(plain.replace(/\s+/g, sep));
  return [...out];
}

/**
 * A URL with the members it names replaced by their pseudonyms: the segment after a member
 * path ("/members/jeanpierre.dupuis75/posts/12" → "/members/<pseudonym>/posts/12"), the value
 * of a member parameter ("?author=…"), and the post's own author wherever the URL spells
 * them, as written or as a slug. A URL that names no one is returned as it was.
 */
export function pseudonymiseUrl(
  url: string | null,
  author: string | null,
  pseudonym: (name: string | null) => string | null,
): string | null {
  if (url === null) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  const segments = u.pathname.split('/');
  for (let i = 1; i < segments.length; i++) {
    if (segments[i] && MEMBER_PATH.test(decode(segments[i - 1]!))) {
      segments[i] = pseudonym(decode(segments[i]!)) ?? '';
      changed = true;
    } else if (segments[i]!.startsWith('~') && segments[i]!.length > 1) {
      segments[i] = `~${pseudonym(decode(segments[i]!.slice(1)))}`;
      changed = true;
    }
  }
  for (const [key, value] of [...u.searchParams]) {
    if (value && MEMBER_PARAM.test(key)) {
      u.searchParams.set(key, pseudonym(value) ?? '');
      changed = true;
    }
  }
  let out = changed ? `${u.origin}${segments.join('/')}${u.search}${u.hash}` : url;
  // The author's own name anywhere else ("/forum/jean-pierre-dupuis/sujet-12", "#jean").
  if (author) {
    const p = pseudonym(author) ?? '';
    for (const s of spellings(author)) {
      for (const written of new Set([s, encodeURIComponent(s), s.replace(/ /g, '+')])) {
        const re = new RegExp(written.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
        out = out.replace(re, p);
      }
    }
  }
  return out;
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

// Author pseudonyms for digests that must not carry names: a keyed HMAC, so the same author
// gets the same pseudonym every day (a community manager sees a repeat complainer) while the
// name cannot be recovered, or guessed and checked, without the key.
import { createHmac } from 'node:crypto';

export function pseudonymiser(key: string): (author: string) => string {
  return (author) =>
    `auteur-${createHmac('sha256', key).update(author.normalize('NFC').trim().toLowerCase()).digest('hex').slice(0, 10)}`;
}

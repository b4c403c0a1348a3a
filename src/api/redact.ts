// What a key that is not an admin may not learn about the server through its sources: the
// path of a file source (the server's disk layout) and credentials written into a source URL
// (`https://user:token@host/feed`), also where a fetch error repeats them.
import type { SourceRow } from '../store/meta.ts';

export const REDACTED = '(redacted)';

/** The URL without its user name and password; unchanged when it has none or does not parse. */
export function withoutCredentials(url: string): string {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  if (u.username === '' && u.password === '') return url;
  u.username = '';
  u.password = '';
  return u.href;
}

/** `user:pass@` after a scheme, wherever it appears in free text (an error message). */
const CREDENTIALS_IN_TEXT = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi;

export function redactSource<S extends Pick<SourceRow, 'url' | 'file' | 'lastError'>>(s: S): S {
  let lastError = s.lastError?.replace(CREDENTIALS_IN_TEXT, '$1') ?? null;
  if (lastError !== null && s.file !== null) lastError = lastError.split(s.file).join(REDACTED);
  return {
    ...s,
    url: s.url === null ? null : withoutCredentials(s.url),
    file: s.file === null ? null : REDACTED,
    lastError,
  };
}

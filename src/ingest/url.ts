// Canonical URLs: the same post reached through a newsletter (utm_*), Facebook (fbclid) or an
// ad (gclid) must dedup to one key.

const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|_hsenc|_hsmi)$/i;

/**
 * Resolves `href` against `base`, lowercases the host, drops the fragment and tracking
 * parameters. Null for anything that is not http(s) (mailto:, javascript:, garbage).
 */
export function canonicalUrl(href: string | null | undefined, base?: string | null): string | null {
  if (!href) return null;
  let u: URL;
  try {
    u = base ? new URL(href.trim(), base) : new URL(href.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) {
    if (TRACKING.test(key)) u.searchParams.delete(key);
  }
  if (![...u.searchParams.keys()].length) u.search = '';
  return u.href;
}

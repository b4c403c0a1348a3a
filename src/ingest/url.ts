// Canonical URLs: the same post reached through a newsletter (utm_*), Facebook (fbclid) or an
// ad (gclid) must dedup to one key.

const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|_hsenc|_hsmi)$/i;

/**
 * Resolves `href` against `base`, lowercases the host, drops the fragment and tracking
 * parameters. Null for anything that is not http(s) (mailto:, javascript:, garbage).
 * `keepFragment` keeps the fragment: a forum post's "#p5001" is where it is on its page.
 */
export function canonicalUrl(
  href: string | null | undefined,
  base?: string | null,
  opts: { keepFragment?: boolean } = {},
): string | null {
  if (!href) return null;
  let u: URL;
  try {
    u = base ? new URL(href.trim(), base) : new URL(href.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (!opts.keepFragment) u.hash = '';
  for (const key of [...u.searchParams.keys()]) {
    if (TRACKING.test(key)) u.searchParams.delete(key);
  }
  if (![...u.searchParams.keys()].length) u.search = '';
  return u.href;
}

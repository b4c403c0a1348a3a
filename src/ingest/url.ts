// Canonical URLs: the same post reached through a newsletter (utm_*), Facebook (fbclid) or an
// ad (gclid) must dedup to one key, and two posts of one thread must never share one.

const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|_hsenc|_hsmi)$/i;

// Fragments that name one post of a page, kept because without them every post of a thread
// opens at the top of its page and shares its URL: Discourse "#post_12" (posts.rss links a
// topic plus the post's anchor), phpBB "#p1234", SMF "#msg567" / "#msg_567", vBulletin
// "#post1234", XenForo "#post-123", WordPress "#comment-89" (its comment list "#div-comment-89"),
// Invision "#comment-89" and the "#elComment_89" of its post elements, Blogger "#c123…", IPB
// "#entry123", and the French "#reponse-12". Any other fragment names a place in the page
// ("#more-12", "#respond", "#commentaires") or a tracker ("#xtor=RSS-3"), and goes.
const POST_FRAGMENT =
  /^#(?:el|div-|li-)?(?:post|p|msg|message|comment|c|reply|reponse|réponse|entry|answer)[-_]?\d+$/i;

/** `hash` when it names one post, else "" (read decoded: "#r%C3%A9ponse-3"). */
function postFragment(hash: string): string {
  let h = hash;
  try {
    h = decodeURIComponent(hash);
  } catch {
    // a stray "%" in a fragment is no post anchor
  }
  return POST_FRAGMENT.test(h) ? hash : '';
}

/**
 * Resolves `href` against `base`, lowercases the host, drops tracking parameters and every
 * fragment but a post's anchor. Null for anything that is not http(s) (mailto:, javascript:,
 * garbage). `keepFragment` keeps any fragment: a forum post's permalink, found on its page,
 * is where that post is, whatever its anchor looks like.
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
  if (!opts.keepFragment) u.hash = postFragment(u.hash);
  for (const key of [...u.searchParams.keys()]) {
    if (TRACKING.test(key)) u.searchParams.delete(key);
  }
  if (![...u.searchParams.keys()].length) u.search = '';
  return u.href;
}

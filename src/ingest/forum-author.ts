// Who wrote a post, from what forum templates have in common: an element whose class, id or
// itemprop names the author ("username", "postauthor", "bigusername", "poster", "pseudo"), or
// a link to the poster's profile (memberlist.php, member.php?u=, /members/, /user/). What a
// quote inside the post names is the quoted poster, never this one.
import { contains } from 'cheerio';
import { type $, type El, names, oneLine, outsideQuotes, type Sel } from './forum-markup.ts';

// Class, id and itemprop words that name a post's author in forum templates ("username",
// "postauthor", "bigusername", "poster", phpBB 2's "name", askbot's "user-info", ...).
// Matched word by word: "name" alone is phpBB 2's, but "tag-name" is not an author.
const AUTHOR_WORD =
  /^(?:name|username|bigusername|postauthor|postername)$|^user-?name|(?:^|[-_])(?:author|auteur|poster|pseudo|nick(?:name)?)(?:$|[-_])|(?:user|member|poster|author)[-_]?(?:name|info(?:rmation)?|text|details)$/i;

// Links to a member's profile, as engines write them: by path (/members/x.12/, /user/x) or
// by query, the page naming the member in a parameter (Hacker News' user?id=x,
// forum.mfd.ru's /forum/poster/?id=71921).
export const PROFILE_HREF =
  /memberlist\.php\?[^#]*(?:mode=viewprofile|u=\d)|member\.php|profile\.php|action=profile|showuser=|[?&;]u=\d|(?:^|\/)(?:members?|membres?|users?|utilisateurs?|u|profil|profile)\/[^/?#]|\/profil[e-]|(?:^|\/)user-|(?:^|\/)(?:users?|members?|membres?|posters?|profiles?|profil|authors?|utilisateurs?)(?:\.[a-z]+)?\/?\?(?:[^#]*&)?(?:id|u|uid|user|userid|user_id|username|name)=[^&#]/i;

// Words a profile area prints that are not a name.
const NOT_A_NAME =
  /^(?:profil|profile|voir le profil|mp|pm|message|messages|citer|quote|répondre|reply|e-?mail|site web|website|post history)$|^[^\p{L}\p{N}]*$/iu;

/** A poster's name from an author-like element: its profile link, or its own short text. */
export function nameIn($: $, el: Sel): string | null {
  // A letter avatar ("K" in a coloured circle) is not the name.
  const shown = (e: Sel) => {
    const copy = e.clone();
    copy.find('[class*="avatar"], [class*="Avatar"]').remove();
    return copy.is('[class*="avatar"]') ? '' : copy.text();
  };
  const meta = el.is('meta')
    ? el.attr('content')
    : el.find('meta[itemprop="name"]').attr('content');
  const link = el.is('a')
    ? el
    : el
        .find('a[href]')
        .filter(
          (_, a) => PROFILE_HREF.test($(a).attr('href') ?? '') && Boolean(oneLine(shown($(a)))),
        )
        .first();
  const strong = el.find('strong, b').first();
  for (const t of [meta, shown(link), shown(strong), shown(el)]) {
    const name = oneLine(t ?? '')
      .replace(/^(?:par|by|de|posté par|écrit par)\s+/i, '')
      .replace(/\s*[:,»]$/, '');
    if (name && name.length <= 40 && name.split(' ').length <= 4 && !NOT_A_NAME.test(name)) {
      return name;
    }
  }
  return null;
}

// Parts of a poster's block that are not the name: the picture, and the figures and badges
// printed beside it (forum.mfd.ru's "mfd-poster-info-rating" prints "17K").
const NOT_THE_NAME =
  /avatar|img|icon|rating|rank|karma|reput|count|stat|badge|level|title|joined|since|online|status/i;

/** An element that names or links a poster: itemprop/rel author, a profile link, a class. */
export function isAuthorLike(e: El): boolean {
  const a = e.attribs;
  if (a.itemprop === 'author' || a.rel === 'author') return true;
  if (e.name === 'a' && PROFILE_HREF.test(a.href ?? '')) return true;
  const n = names(e);
  return n.split(/\s+/).some((w) => AUTHOR_WORD.test(w) && !NOT_THE_NAME.test(w));
}

/** The first author-like element of the post (outside quotes), with the name it holds. */
export function findAuthor($: $, post: Sel): { el: El; name: string } | null {
  const candidates = outsideQuotes(
    $,
    post,
    post
      .find('[itemprop="author"], [rel="author"], [class], [id], a[href]')
      .filter((_, e) => isAuthorLike(e)),
  );
  // The innermost first: a profile block ("userinfo") holding a name element prints the
  // registration date or a title beside the name.
  const all = candidates.toArray();
  const holdsAnother = (e: El) => all.some((o) => o !== e && contains(e, o));
  for (const e of [...all.filter((e) => !holdsAnother(e)), ...all.filter(holdsAnother)]) {
    const name = nameIn($, $(e));
    if (name) return { el: e, name };
  }
  const attr = post.attr('data-author');
  if (attr) return { el: post[0]!, name: attr };
  // Some templates print the name as bare bold text, with the profile reached by an icon
  // (forum.hardware.fr's "Voir son profil"): when the post links a profile without naming
  // it, the post's first bold name outside quotes is its author.
  if (!all.some((e) => e.name === 'a' && PROFILE_HREF.test(e.attribs.href ?? ''))) return null;
  for (const e of outsideQuotes($, post, post.find('b, strong')).toArray()) {
    // A bold link elsewhere ("X a écrit", a thread title) names no poster.
    const links = $(e).find('a[href]').toArray();
    if (links.some((a) => !PROFILE_HREF.test(a.attribs.href ?? ''))) continue;
    const name = nameIn($, $(e));
    if (name) return { el: e, name };
  }
  return null;
}

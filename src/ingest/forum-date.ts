// When a post was written, as its page gives it: a machine-readable <time datetime>, an
// itemprop, an epoch (XenForo's data-time), a title attribute, or the words a date-like
// element prints ("Posté le 03-03-2024 à 14:05:12", "« Réponse #2 le : 04 mars 2024 »"), cut
// down to the run of words that dates.ts reads. A member's registration date is not a post's.
import { parseDate } from './dates.ts';
import { type $, type El, names, oneLine, outsideQuotes, type Sel } from './forum-markup.ts';

// A probe only tells whether a string is a date; normalise parses it again with fetchedAt.
const PROBE = { now: new Date('2100-01-01T00:00:00Z') };
// A lone time ("14:05") or number is not a post's date: one of these must be there too.
const DATE_CORE =
  /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|[a-zéû]{3,}\.?\s*\d|\d\s*[a-zéû]{3,}|hier|aujourd|avant-hier|il y a|yesterday|today|ago/i;

// A date right after these words is a member's, not the post's ("Inscrit le : 12 jan 2005").
const NOT_POSTED =
  /(?:inscri\w*|inscription|joined|registered|depuis|since|visite|visit|[ée]dit\w*|modifi\w*|naissance|birthday)\W*(?:le|on|the)?\W*$/i;

/**
 * The longest run of words in `text` that reads as a date ("Posté le 03-03-2024 à 14:05").
 * Unlike find-date.ts's findDate (dates with a year, in a page's prose), a post's date line
 * may be relative ("Aujourd'hui à 14:05", "il y a 2 heures") and skips a member's dates.
 */
export function dateIn(text: string): string | null {
  const words = oneLine(text).slice(0, 300).split(' ');
  for (let start = 0; start < words.length; start++) {
    if (NOT_POSTED.test(words.slice(Math.max(0, start - 3), start).join(' '))) continue;
    // A post number ("Réponse #1") is never part of a date: a run stops before it.
    let stop = start;
    while (stop < words.length && stop < start + 9 && !words[stop]!.includes('#')) stop++;
    for (let end = stop; end > start; end--) {
      const s = words
        .slice(start, end)
        .join(' ')
        .replace(/^[«»([:?,|-]+\s*|\s*[»)\],:|-]+$/g, '');
      if (!/\d|hier|aujourd/i.test(s) || !DATE_CORE.test(s)) continue;
      if (parseDate(s, PROBE)) return s;
    }
  }
  return null;
}

/** A date from an element's attributes (datetime, epoch data-time, title) or its text. */
export function dateOf($: $, el: Sel): string | null {
  const attr = el.attr('datetime') ?? el.attr('content');
  if (attr && parseDate(attr, PROBE)) return attr;
  const epoch = el.attr('data-time') ?? el.attr('data-timestamp');
  if (epoch && /^\d{9,13}$/.test(epoch)) {
    return new Date(Number(epoch) * (epoch.length > 11 ? 1 : 1000)).toISOString();
  }
  const title = el.attr('title');
  if (title && parseDate(title, PROBE)) return title;
  const inner = el.find('time[datetime], [data-time], abbr[title]').first();
  if (inner.length) {
    const d = dateOf($, inner);
    if (d) return d;
  }
  return dateIn(el.text());
}

const DATE_WORD =
  /(?:^|[-_\s])(?:date|time|datetime|posted|postdate|post[-_]?date|postdetails|published|created|timeago|age|toolbar|keyinfo|post[-_]?info|meta|thead)(?:$|[-_\s])/i;

// A member's profile dates ("registered", "joined", "inscription"), not the post's.
const MEMBER_WORD = /regist|joined|inscri|since|birthday|naissance|lastseen|last-?visit/i;

/** The post's date: a machine-readable one first, then what date-like elements print. */
export function findPostDate($: $, post: Sel): { el: El; date: string } | null {
  const tries = [
    'time[datetime]',
    '[itemprop="datePublished"], [itemprop="dateCreated"]',
    '[data-time], [data-timestamp]',
    'abbr[title], span[title]',
  ];
  for (const sel of tries) {
    for (const e of outsideQuotes($, post, post.find(sel)).toArray()) {
      const d = dateOf($, $(e));
      if (d) return { el: e, date: d };
    }
  }
  const named = outsideQuotes($, post, post.find('[class], [id]')).filter(
    (_, e) => !MEMBER_WORD.test(names(e)) && DATE_WORD.test(names(e)),
  );
  for (const e of named.toArray()) {
    const d = dateIn($(e).text());
    if (d) return { el: e, date: d };
  }
  // Last, any short text of the post that is a date: smallest elements first.
  // Elements that print digits themselves (not only through their children), outside a
  // member's profile block.
  const small = outsideQuotes($, post, post.find('*')).filter((_, e) => {
    if (
      $(e)
        .parentsUntil(post)
        .addBack()
        .toArray()
        .some((a) => MEMBER_WORD.test(names(a as El)))
    ) {
      return false;
    }
    const own = e.children.some((n) => n.type === 'text' && /\d/.test(n.data));
    return own && $(e).text().length < 160;
  });
  for (const e of small.toArray()) {
    const d = dateIn($(e).text());
    if (d) return { el: e, date: d };
  }
  return null;
}

// One forum post read from its element, whatever the engine: who wrote it, when, and its
// body without the signature. Each part comes from the selector the caller gives (an engine's
// recipe, or a source's configured selectors) or, when there is none, from what forum
// templates have in common: a link to the poster's profile or an element whose class names
// the author, a <time> or a printed French date, and the largest block of text that holds
// neither of them.
import { contains } from 'cheerio';
import { findAuthor, isAuthorLike, nameIn, PROFILE_HREF } from './forum-author.ts';
import { dateOf, findPostDate } from './forum-date.ts';
import {
  type $,
  type El,
  inQuote,
  names,
  oneLine,
  outsideQuotes,
  type Sel,
} from './forum-markup.ts';

/** What a recipe (or a source's configuration) says about a post's parts. */
export interface PostParts {
  /** The post's body, inside the post element. */
  body?: string;
  author?: string;
  date?: string;
}

export interface ReadPost {
  author: string | null;
  /** The date as printed (or an ISO string), for normalise to parse. */
  date: string | null;
  /** The body's HTML, signature removed; null when the post has no body. */
  html: string | null;
  /** Length of the body's text: 0 for a header row or an empty post. */
  textLength: number;
}

// Elements a body never keeps: signatures, edit notes, buttons, scripts.
const SIGNATURE_WORD =
  /(?:^|[-_\s])(?:sig|signature|postsignature|edited|editedby|postedit|post[-_]?edit|modified|lastedit)(?:$|[-_\s])/i;
const EDIT_NOTE =
  /^\s*(?:\(?(?:dernière (?:édition|modification)|message (?:édité|modifié)|modification du message|modifié|last edited|edited) (?:par|by)\b|\(?modification du message\b)/i;
// The words of a post's action links and buttons, alone in their element.
const ACTION =
  /^\[?(?:répondre|reply|citer|quote|signaler|report|partager|share|permalien|permalink|modifier|edit|supprimer|delete)\]?$/i;
const NOISE =
  'script, style, noscript, form, button, input, select, textarea, [component="post/signature"]';

/**
 * The body's HTML without its signature: signature and edit-note elements go, and so does
 * what follows a line of underscores or dashes (phpBB 2, vBulletin 3 and HFR print the
 * signature after "_________________" inside the post's text).
 */
export function cleanBody($: $, body: Sel): string | null {
  const copy = body.clone();
  copy.find(NOISE).remove();
  copy
    .find('[class], [id]')
    .filter((_, e) => SIGNATURE_WORD.test(names(e)))
    .remove();
  const rule = copy
    .find('*')
    .addBack()
    .contents()
    .filter((_, n) => n.type === 'text' && /^\s*[_\-=~]{6,}\s*$/.test($(n).text()))
    .first();
  if (rule.length) {
    let n = rule[0]!.next;
    while (n) {
      const next = n.next;
      $(n).remove();
      n = next;
    }
    rule.remove();
  }
  // Edit notes printed as text ("Dernière édition par X le …; édité 1 fois").
  copy
    .find('*')
    .filter((_, e) => EDIT_NOTE.test($(e).text()) && $(e).text().length < 200)
    .remove();
  // A post's own action links inside its body ("répondre" under a Hacker News comment).
  copy
    .find('*')
    .filter((_, e) => ACTION.test(oneLine($(e).text())))
    .remove();
  const html = copy.html()?.trim();
  return html || null;
}

// Names that mark an element as the post's text.
const BODY_WORD =
  /(?:^|[-_\s])(?:content|message|messagetext|body|postbody|post[-_]?body|post[-_]?content|post[-_]?message|post[-_]?text|postmsg|text|entry|para|bbwrapper)(?:$|[-_\s\d])|(?:^|\s)(?:para|post_message_|pid_)\d|(?:^|\s)post(?:$|\s)/i;
// Blocks that make up a text when a body is not wrapped in one element (askbot, Flarum).
const TEXT_BLOCK = new Set(['p', 'ul', 'ol', 'blockquote', 'pre', 'h4', 'h5']);

function textLength(el: Sel): number {
  return oneLine(el.text()).length;
}

/**
 * The post's body: the element with the most text that holds neither the author nor the
 * date (outside quotes), a named one ("content", "message", "postbody") when it holds most
 * of that text; consecutive paragraphs are taken together.
 */
export function findBody(
  $: $,
  post: Sel,
  author: { el: El; name: string } | null,
  date: El | null,
): Sel | null {
  // The author's line: the inline elements around the name (Bangumi's span.userInfo holds the
  // name and the poster's motto), which is a byline, never the body.
  const byline = author ? bylineOf(author.el, post[0]!) : null;
  const avoid = [byline, date].filter((e): e is El => e !== null);
  // The author's profile address: the poster's column links it again from the avatar.
  const authorHref = author
    ? ($(author.el).is('a') ? $(author.el) : $(author.el).find('a[href]').first()).attr('href')
    : undefined;
  // Holds the author or the date, or is inside their element ("#2 - 2020-5-4 10:50"), or holds
  // a poster's profile link (a comment under the post) or the author's avatar link.
  const holdsMeta = (e: El) =>
    avoid.some((a) => a === e || contains(e, a) || contains(a, e)) ||
    $(e)
      .find('a[href]')
      .toArray()
      .some((a) => {
        if (inQuote(a, e)) return false;
        const href = $(a).attr('href') ?? '';
        return (PROFILE_HREF.test(href) && textLength($(a)) > 0) || href === authorHref;
      });
  // Other posters named in the post (outside quotes): comments or replies nested in it. The
  // author's own name printed again (XenForo's "Pauline_L, 3 mars") is not another poster,
  // and neither is a profile icon that names nobody (forum.hardware.fr's "Voir son profil").
  const others = outsideQuotes($, post, post.find('*'))
    .toArray()
    .filter((e) => {
      if (!isAuthorLike(e)) return false;
      if (!author) return true;
      if (e === author.el || contains(e, author.el) || contains(author.el, e)) return false;
      const name = nameIn($, $(e));
      return name !== null && name !== author.name;
    });
  const nested = new Map<El, boolean>();
  const inNested = (e: El): boolean => {
    for (let a: El | null = e; a && a !== post[0]; a = a.parent as El | null) {
      let known = nested.get(a);
      if (known === undefined) {
        known = others.some((o) => contains(a!, o)) && !(author && contains(a, author.el));
        nested.set(a, known);
      }
      if (known) return true;
    }
    return false;
  };
  const candidates = post
    .find('*')
    .filter((_, e) => e.type === 'tag' && !$(e).is(NOISE) && !inQuote(e, post[0]))
    .filter((_, e) => !SIGNATURE_WORD.test(names(e)) && !holdsMeta(e) && !inNested(e))
    .toArray()
    .map((e) => ({ e, len: textLength($(e)), named: BODY_WORD.test(names(e)) }));
  if (!candidates.length) return null;
  const best = Math.max(...candidates.map((c) => c.len));
  if (best === 0) return null;
  const named = candidates.filter((c) => c.named && c.len >= best * 0.3);
  const pick = (named.length ? named : candidates.filter((c) => c.len === best)).reduce((a, b) =>
    b.len > a.len ? b : a,
  );
  const el = $(pick.e);
  if (!TEXT_BLOCK.has(pick.e.name) || pick.named) return el;
  // A paragraph among paragraphs: the run of text blocks around it is the body.
  const run = el
    .parent()
    .children()
    .filter((_, s) => TEXT_BLOCK.has(s.name) && !holdsMeta(s) && !SIGNATURE_WORD.test(names(s)));
  return run.length > 1 ? run : el;
}

const INLINE = new Set([
  'a',
  'b',
  'strong',
  'em',
  'i',
  'span',
  'small',
  'font',
  'bdi',
  'u',
  'cite',
]);

/** The outermost inline element around the author's name, below the post's first block. */
function bylineOf(author: El, post: El): El {
  let line = author;
  while (line.parent && line.parent !== post && INLINE.has((line.parent as El).name)) {
    line = line.parent as El;
  }
  return line;
}

/** Reads one post from its element, with what the recipe says and detection for the rest. */
export function readPost($: $, post: Sel, parts: PostParts = {}): ReadPost {
  const author = parts.author
    ? (() => {
        const el = outsideQuotes($, post, post.find(parts.author)).first();
        return el.length ? { el: el[0]!, name: nameIn($, el) ?? oneLine(el.text()) } : null;
      })()
    : findAuthor($, post);
  const date = parts.date
    ? (() => {
        const el = outsideQuotes($, post, post.find(parts.date)).first();
        const d = el.length ? dateOf($, el) : null;
        return d ? { el: el[0]!, date: d } : null;
      })()
    : findPostDate($, post);
  const body = parts.body
    ? post.find(parts.body).first()
    : findBody($, post, author, date?.el ?? null);
  const html = body?.length
    ? body
        .toArray()
        .map((e) => cleanBody($, $(e)) ?? '')
        .join('\n')
    : null;
  const text = html ? oneLine($('<div>').html(html).text()) : '';
  return {
    author: author?.name || null,
    date: date?.date ?? null,
    html: text ? html : null,
    textLength: text.length,
  };
}

// Forum engines told from their markup by a recipe: which element is a post and, inside it,
// which is the author, the date, the body and the post's printed number. Each recipe was
// written from the engine's own templates (phpBB 2 subSilver and phpBB 3 subsilver2
// viewtopic_body, vBulletin 3 postbit, XenForo 1 message, SMF 1.1 Display.template, NodeBB
// harmony post.tpl, Flarum's no-JavaScript discussion view, FluxBB and PunBB viewtopic.php,
// MyBB postbit_classic, forum.hardware.fr's messagetable). What a recipe leaves out is found
// the way detection finds it (forum-post.ts); configured selectors are read the same way.
import type { $, El, Sel } from './forum-markup.ts';
import { postAnchor, postPermalink, textFragmentUrl } from './forum-permalink.ts';
import { type PostParts, readPost } from './forum-post.ts';
import { emptyItem, type ParsedItem } from './parsed.ts';

export interface Recipe extends PostParts {
  format: string;
  /** One element per post; elements without an author or a body are not posts. */
  post: string;
  /** The element whose text prints the post's number ("#3"). */
  number?: string;
  /** The printed number counts replies (SMF's "Réponse #1" is the 2nd post). */
  replyNumber?: boolean;
}

export const RECIPES: Recipe[] = [
  {
    // forum.hardware.fr: one table.messagetable per post; the author in messCase1, the
    // toolbar's "Posté le 03-03-2024 à 14:05:12", the text in div#para<N>.
    format: 'hfr',
    post: 'table.messagetable',
    author: 'td.messCase1 b.s2',
    date: 'td.messCase2 .toolbar .left',
    body: 'td.messCase2 div[id^="para"]',
  },
  {
    // phpBB 3 subsilver2: one table.tablebg per post; the signature is a second div.postbody.
    format: 'phpbb',
    post: 'table.tablebg:has(b.postauthor)',
    author: 'b.postauthor',
    date: 'td.gensmall > div:last-child',
    body: 'div.postbody',
  },
  {
    // phpBB 2 subSilver: every post is a row of one table.forumline; its author cell's
    // span.postdetails is the registration date, the message cell's the post's.
    format: 'phpbb2',
    post: 'table.forumline > tbody > tr:has(> td span.postbody)',
    author: 'span.name',
    date: 'td + td span.postdetails',
    body: 'td[colspan="2"]:has(> span.postbody)',
  },
  {
    // vBulletin 3: table#post<N> in div#posts; date in the first header cell.
    format: 'vbulletin',
    post: '#posts table[id^="post"]',
    author: 'a.bigusername',
    date: 'td.thead',
    body: 'div[id^="post_message_"]',
    number: 'a[id^="postcount"]',
  },
  {
    // XenForo 1: li.message in ol.messageList; the date is an abbr.DateTime (epoch) or a
    // span.DateTime (title) in the message's meta line.
    format: 'xenforo',
    post: 'ol.messageList > li.message',
    author: '.messageUserBlock .username, .userText .username',
    date: '.messageMeta .DateTime',
    body: 'blockquote.messageText',
    number: '.messageMeta .postNumber',
  },
  {
    // SMF 1.1: each post is a row of table.bordercolor in the quick-moderation form.
    format: 'smf',
    post: '#quickModForm table.bordercolor > tbody > tr:has(div.post)',
    author: 'a[href*="action=profile"]',
    body: 'div.post',
    number: 'div.smalltext:contains("#")',
    replyNumber: true,
  },
  {
    // NodeBB: [component=post] with data-pid; schema.org microdata for author and date.
    format: 'nodebb',
    post: '[component="post"][data-pid]',
    author: '[itemprop="author"]',
    date: 'meta[itemprop="datePublished"], .timeago[title]',
    body: '[component="post/content"]',
  },
  {
    // Flarum without JavaScript (what crawlers get): <article> with PostUser and Post-body.
    format: 'flarum',
    post: 'article:has(> .PostUser)',
    author: '.PostUser-name',
    body: '.Post-body',
  },
  {
    // FluxBB 1.4/1.5 and PunBB 1.2: div.blockpost; the date is the h2's permalink.
    format: 'fluxbb',
    post: 'div.blockpost',
    author: '.postleft dt',
    date: 'h2 a',
    body: '.postmsg',
    number: 'h2 .conr',
  },
  {
    // PunBB 1.3/1.4: div.post with a post-byline and an entry-content.
    format: 'punbb',
    post: 'div.post:has(.entry-content)',
    author: '.post-byline a, .post-byline strong',
    date: '.post-link a',
    body: '.entry-content',
    number: '.post-num',
  },
  {
    // MyBB: div.post#post_<N>, the body in div.post_body, the number in the post head.
    format: 'mybb',
    post: 'div.post[id^="post_"]',
    author: '.author_information .largetext, .post_author strong',
    date: '.post_date',
    body: '.post_body',
    number: '.post_head .float_right a, .post_head strong a',
  },
];

function printedNumber(post: Sel, recipe: Recipe): number | null {
  if (!recipe.number) return null;
  const m = /#\s*(\d+)/.exec(post.find(recipe.number).first().text());
  if (!m) return null;
  return Number(m[1]) + (recipe.replyNumber ? 1 : 0);
}

/**
 * A post's item: author, date, body and the URL that opens it. The post is read from
 * `content` when given (a copy of it without the posts nested in it).
 */
export function postItem(
  $: $,
  el: El,
  pageUrl: string,
  parts: PostParts,
  content: El = el,
): ParsedItem | null {
  const post = $(el);
  const read = readPost($, $(content), parts);
  // A column-header row, a spacer or an ad between posts has no author or no text.
  if (!read.author || !read.html) return null;
  const item = emptyItem();
  item.author = read.author;
  item.date = read.date;
  item.html = read.html;
  const link = postPermalink($, post, pageUrl);
  item.guid = postAnchor($, post) ? link : null;
  // A post the page gives no anchor still opens at itself, by its words.
  item.link = link.includes('#') ? link : textFragmentUrl(link, read.html);
  return item;
}

/** The posts a recipe finds (none when its markup is not on the page). */
export function fromRecipe($: $, pageUrl: string, recipe: Recipe): ParsedItem[] {
  const items: ParsedItem[] = [];
  const found = $(recipe.post).toArray() as El[];
  const all = new Set(found);
  // A post's inner table or row can match too: only the outermost match is a post.
  const outermost = found.filter(
    (el) =>
      !$(el)
        .parents()
        .toArray()
        .some((p) => all.has(p)),
  );
  for (const el of outermost) {
    const item = postItem($, el, pageUrl, recipe);
    if (!item) continue;
    item.position = printedNumber($(el), recipe) ?? items.length + 1;
    items.push(item);
  }
  return items;
}

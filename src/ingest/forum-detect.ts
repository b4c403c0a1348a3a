// Posts of a thread page whose engine nobody described: the page's repeated post structure.
// A thread page repeats one template per post, so its posts are elements of the same kind
// (same tag, alike classes or id stem, or the same path from <body>), two or more, each with
// an author, most with a date, and a body of text. Every repeated group is a candidate; the
// best is the one with most posts and most text where authors and dates are found, without
// the navigation's lists. A group nested in another's members (quotes, comments under a post)
// gives way to the posts that hold it; a group whose members each hold several posts of
// another group (page sections) gives way to those posts.
import { isAuthorLike } from './forum-author.ts';
import type { $, El } from './forum-markup.ts';
import { type ReadPost, readPost } from './forum-post.ts';

export interface DetectedPost {
  el: El;
  post: ReadPost;
  /** What to read the post from: `el`, or a copy of it without the posts nested in it. */
  content: El;
}

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'head',
  'iframe',
  'select',
]);
// Classes that tell a row's state, not its kind: alternate rows, first/last, read/unread.
const STATE =
  /^(?:odd|even|alt|first|last|active|new|unread|read|online|offline|hidden|deleted|selected|highlighted?|sticky|clear|clearfix|visible|show|in)$|first|last|^js-|^is-|^has-/;
// Where navigation lives: lists there are menus, not posts.
const NAVIGATION =
  /(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|sidebar|footer|header|pagination|jumpbox)(?:$|[-_\s])/i;

interface Shape {
  tag: string;
  classes: Set<string>;
  /** The id without its digits ("post1234" → "post"), when the id has digits. */
  idStem: string | null;
}

function shapeOf(e: El): Shape {
  const classes = new Set(
    (e.attribs.class ?? '')
      .toLowerCase()
      .split(/\s+/)
      .filter((c) => c && !STATE.test(c))
      .map((c) => c.replace(/\d+/g, ''))
      .filter(Boolean),
  );
  const id = e.attribs.id ?? '';
  return { tag: e.name, classes, idStem: /\d/.test(id) ? id.replace(/\d+/g, '') : null };
}

function alike(a: Shape, b: Shape): boolean {
  if (a.tag !== b.tag) return false;
  if (a.idStem !== null && a.idStem === b.idStem) return true;
  if (!a.classes.size && !b.classes.size) return true;
  let common = 0;
  for (const c of a.classes) if (b.classes.has(c)) common++;
  return common / (a.classes.size + b.classes.size - common) >= 0.5;
}

function key(s: Shape): string {
  return `${s.tag}.${[...s.classes].sort().join('.')}`;
}

/** What one pass over the page knows of each element, to rank groups before reading them. */
interface Facts {
  text: Map<El, number>;
  authors: Map<El, number>;
  navigation: Set<El>;
}

function gather(root: El): { facts: Facts; groups: El[][] } {
  const facts: Facts = { text: new Map(), authors: new Map(), navigation: new Set() };
  const byPath = new Map<string, El[]>();
  const groups: El[][] = [];
  const visit = (e: El, path: string, inNav: boolean): void => {
    const nav =
      inNav ||
      e.name === 'nav' ||
      e.name === 'footer' ||
      NAVIGATION.test(`${e.attribs.class ?? ''} ${e.attribs.id ?? ''}`);
    if (nav) facts.navigation.add(e);
    let text = 0;
    let authors = isAuthorLike(e) ? 1 : 0;
    const kids: El[] = [];
    for (const n of e.children) {
      if (n.type === 'text') text += n.data.replace(/\s+/g, ' ').trim().length;
      if (n.type !== 'tag' || SKIP.has(n.name)) continue;
      const child = n as El;
      const p = `${path}>${key(shapeOf(child))}`;
      visit(child, p, nav);
      text += facts.text.get(child) ?? 0;
      authors += facts.authors.get(child) ?? 0;
      kids.push(child);
      const same = byPath.get(p);
      if (same) same.push(child);
      else byPath.set(p, [child]);
    }
    facts.text.set(e, text);
    facts.authors.set(e, authors);
    // Siblings of one kind: each joins the first cluster it is alike to.
    const clusters: { shape: Shape; members: El[] }[] = [];
    for (const k of kids) {
      const s = shapeOf(k);
      const c = clusters.find((x) => alike(x.shape, s));
      if (c) c.members.push(k);
      else clusters.push({ shape: s, members: [k] });
    }
    for (const c of clusters) if (c.members.length >= 2) groups.push(c.members);
  };
  visit(root, root.name, false);
  // The same path under different parents: posts each wrapped in their own container.
  for (const members of byPath.values()) {
    if (members.length >= 2 && new Set(members.map((m) => m.parent)).size > 1) groups.push(members);
  }
  groups.push(...numberedGroups(root));
  return { facts, groups };
}

// An id made of a word and a number ("post_1614148", "p57959", "msg-42"): the word is the stem.
const NUMBERED_ID = /^([a-z][a-z_-]*?)[-_]?\d+$/i;

/**
 * Elements whose ids share a stem and differ by their number, wherever they sit: engines
 * number every post, and the topic's first post, its replies and the replies nested under a
 * reply (Bangumi's #2-1) each have a place of their own in the markup but the same id stem.
 */
function numberedGroups(root: El): El[][] {
  const byStem = new Map<string, El[]>();
  const visit = (e: El): void => {
    const stem = NUMBERED_ID.exec(e.attribs.id ?? '')?.[1]?.toLowerCase();
    if (stem) {
      const same = byStem.get(stem);
      if (same) same.push(e);
      else byStem.set(stem, [e]);
    }
    for (const n of e.children) if (n.type === 'tag' && !SKIP.has(n.name)) visit(n as El);
  };
  visit(root);
  return [...byStem.values()].filter((members) => members.length >= 2);
}

interface Scored {
  members: El[];
  posts: DetectedPost[];
  score: number;
}

/** Count × text × author and date presence, less link-heavy (menu-like) groups. */
function score($: $, members: El[], posts: DetectedPost[], facts: Facts): number {
  const n = posts.length;
  const mass = posts.reduce((s, p) => s + p.post.textLength, 0) / n;
  const dated = posts.filter((p) => p.post.date).length / n;
  const linkText = posts.reduce(
    (s, p) => s + $(p.el).find('a').text().replace(/\s+/g, ' ').length,
    0,
  );
  const allText = posts.reduce((s, p) => s + (facts.text.get(p.el) ?? 1), 0);
  const links = Math.min(1, linkText / Math.max(1, allText));
  const nav = members.some((m) => facts.navigation.has(m)) ? 0.1 : 1;
  return n * Math.log2(1 + mass) * (0.5 + dated) * (1.2 - links) * nav;
}

function contains(outer: El, inner: El): boolean {
  for (let p = inner.parent; p; p = p.parent) if (p === outer) return true;
  return false;
}

/**
 * The posts of the page's best repeated group, in page order; else the elements whose id
 * marks them as posts; empty when neither holds a post.
 */
export function detectPosts($: $): DetectedPost[] {
  const root = $('body')[0] ?? $.root().children('html')[0];
  if (!root) return [];
  const { facts, groups } = gather(root as El);
  // Cheap ranking first: members that hold an author-like element and some text.
  const likely = groups
    .map((members) => {
      const ok = members.filter(
        (m) => (facts.authors.get(m) ?? 0) > 0 && (facts.text.get(m) ?? 0) >= 2,
      );
      return { members, ok: ok.length, text: ok.reduce((s, m) => s + (facts.text.get(m) ?? 0), 0) };
    })
    .filter((g) => g.ok >= 2 && g.ok >= g.members.length * 0.25)
    .sort((a, b) => b.ok * Math.log2(1 + b.text / b.ok) - a.ok * Math.log2(1 + a.text / a.ok))
    .slice(0, 12);
  const scored: Scored[] = [];
  for (const g of likely) {
    const posts = readMembers($, g.members)
      // A header or column row, a spacer, an ad: no author or no text is no post.
      .filter((p) => p.post.author && p.post.textLength > 0);
    if (posts.length < 2 || posts.length < g.members.length * 0.25) continue;
    scored.push({ members: g.members, posts, score: score($, g.members, posts, facts) });
  }
  const kept = scored.filter((g) => {
    const ours = new Set(g.posts.map((p) => p.el));
    for (const other of scored) {
      // A group whose posts are all ours (the replies of a page whose numbered posts also
      // count the first one and nested replies) has nothing to say against ours.
      if (other === g || other.posts.every((o) => ours.has(o.el))) continue;
      const inside = g.posts.filter((p) => other.posts.some((o) => contains(o.el, p.el)));
      if (!inside.length) continue;
      // Posts of `other` each holding at most one of ours: ours are the same posts seen
      // deeper, or quotes and comments inside them; the outer group stands for them.
      const perOuter = new Map<El, number>();
      for (const p of inside) {
        const o = other.posts.find((x) => contains(x.el, p.el))!;
        perOuter.set(o.el, (perOuter.get(o.el) ?? 0) + 1);
      }
      const several = [...perOuter.values()].some((c) => c >= 2);
      if (!several) return false;
      // Several of ours in one of theirs: theirs is a page section when our posts hold
      // most of its text; else ours are parts of its posts (comments, "edited by" lines).
      const sections = other.posts.filter((o) => {
        const held = g.posts
          .filter((p) => contains(o.el, p.el))
          .reduce((sum, p) => sum + (facts.text.get(p.el) ?? 0), 0);
        return held >= 0.8 * (facts.text.get(o.el) ?? 0);
      });
      if (sections.length < other.posts.length / 2) return false;
    }
    return true;
  });
  const best = kept.sort((a, b) => b.score - a.score)[0];
  return best ? best.posts : markedPosts($, root as El);
}

/**
 * Reads a group's members. One that holds other members (Bangumi's reply #2 holds the replies
 * to it) is read from a copy without them: their words, date and author are not its own.
 */
function readMembers($: $, members: El[]): DetectedPost[] {
  return members.map((el) => {
    const inner = members.filter((e) => e !== el && contains(el, e));
    if (!inner.length) return { el, content: el, post: readPost($, $(el)) };
    const copy = $(el).clone()[0] as El;
    // Paths first: removing a node shifts the indexes of the nodes after it.
    const nodes = inner.map((e) => {
      let node: El | undefined = copy;
      for (const i of childPath(el, e)) node = node?.children[i] as El | undefined;
      return node;
    });
    for (const node of nodes) if (node) $(node).remove();
    return { el, content: copy, post: readPost($, $(copy)) };
  });
}

/** The child indexes that lead from `top` down to `e`. */
function childPath(top: El, e: El): number[] {
  const path: number[] = [];
  for (let n: El = e; n !== top; n = n.parent as El) path.unshift(n.parent!.children.indexOf(n));
  return path;
}

// An id that names a post by its number ("p57959", "post_123", "msg-42", "t2785209").
const POST_ID = /^(?:p|post|posts|msg|message|entry|reply|t)[-_]?\d+$/i;
// A class that names its element a post (forum.mfd.ru's "mfd-post", "forum-message").
const POST_CLASS = /(?:^|[-_\s])(?:post|message|comment|reply|entry)(?:$|[-_\s])/i;

/**
 * A thread of one post (a question nobody answered yet) repeats nothing: its post is the
 * element whose id names a post by number or, on a page with no such id, whose class names it
 * a post, holding an author and a text. The outermost such element stands for those inside it
 * (phpBB's div#p1 holds div#post_content1, forum.mfd.ru's div.mfd-post holds div.mfd-post-top).
 * Ids first: a blog's article#post-812 is the post, not also each comment of class "comment".
 */
function markedPosts($: $, root: El): DetectedPost[] {
  const all = $(root).find('[id], [class]').toArray();
  const byId = all.filter((e) => POST_ID.test(e.attribs.id ?? ''));
  const marked = byId.length ? byId : all.filter((e) => POST_CLASS.test(e.attribs.class ?? ''));
  const outermost = marked.filter((e) => !marked.some((o) => o !== e && contains(o, e)));
  return outermost
    .map((el) => ({ el, content: el, post: readPost($, $(el)) }))
    .filter((p) => p.post.author && p.post.textLength > 0);
}

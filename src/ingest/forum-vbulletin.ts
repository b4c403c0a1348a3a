// vBulletin thread pages. vBulletin 4 prints each post as <li class="postbitlegacy"> (or
// "postbit" in the threaded skins) with the body in .postcontent; vBulletin 5 as
// <li class="b-post"> with the body in .js-post__content-text. French boards print dates as
// "03/03/2024, 14h05" or "Aujourd'hui, 10h15" (vB4) and give a <time datetime> (vB5).

import { type $, postLink, text } from './forum-markup.ts';
import { emptyItem, type ParsedItem } from './parsed.ts';

export const VBULLETIN_POSTS = 'li.postbitlegacy, li.postbit, li.b-post';

/** The post number vBulletin prints ("#3"), when it does: survives deleted posts. */
function printedNumber(s: string | null): number | null {
  const m = /#\s*(\d+)/.exec(s ?? '');
  return m ? Number(m[1]) : null;
}

export function vbulletin($: $, pageUrl: string): ParsedItem[] {
  return $(VBULLETIN_POSTS)
    .toArray()
    .filter((el) => $(el).find('.postcontent, .js-post__content-text').length > 0)
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      // vB4: id="post_1001"; vB5: data-node-id="2001".
      const raw = post.attr('id') ?? post.attr('data-node-id') ?? null;
      const id = raw ? `post${raw.replace(/^post_?/, '')}` : null;
      item.guid = id ? postLink(pageUrl, id) : null;
      item.link = postLink(pageUrl, id);
      item.title = text(post.find('h2.title, .b-post__title'));
      item.html = post.find('.postcontent, .js-post__content-text').first().html();
      item.author = text(post.find('.username, .b-userinfo__details .author'));
      const time = post.find('time[datetime]').first();
      item.date = time.attr('datetime') ?? text(post.find('.postdate .date, .date, time'));
      item.position = printedNumber(text(post.find('a.postcounter, .b-post__count'))) ?? i + 1;
      return item;
    });
}

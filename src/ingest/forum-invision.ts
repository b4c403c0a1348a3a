// Invision Community (IPS 4) topic pages: each post is an <article class="cPost"> whose body
// sits in [data-role=commentContent], its author in .cAuthorPane_author and its date in a
// <time datetime> (UTC), while the visible text says "Publié le 3 mars 2024".

import { type $, postLink, text } from './forum-markup.ts';
import { emptyItem, type ParsedItem } from './parsed.ts';

export const INVISION_POSTS = 'article.cPost';

export function invision($: $, pageUrl: string): ParsedItem[] {
  return $(INVISION_POSTS)
    .toArray()
    .filter((el) => $(el).find('[data-role="commentContent"]').length > 0)
    .map((el, i) => {
      const post = $(el);
      const item = emptyItem();
      const id = post.attr('id') ?? null; // "elComment_3001"
      item.guid = id ? postLink(pageUrl, id) : null;
      item.link = postLink(pageUrl, id);
      item.html = post.find('[data-role="commentContent"]').first().html();
      item.author = text(post.find('.cAuthorPane_author'));
      const time = post.find('time[datetime]').first();
      item.date = time.attr('datetime') ?? text(time);
      item.position = i + 1;
      return item;
    });
}

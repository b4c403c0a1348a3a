// A phpBB 3 thread of `pages` pages, two posts each, as the engine serves page `page`: its
// posts and, but on the last, a link to the next page. For tests that follow a thread.
export function phpbbPage(page: number, pages: number): string {
  const posts = [1, 2].map((n) => {
    const id = 6000 + (page - 1) * 2 + n;
    const author = n === 1 ? 'Gégé75' : `Voisin${page}`;
    return `<div id="p${id}" class="post bg${n}"><div class="inner">
      <dl class="postprofile"><dt><a href="./memberlist.php?u=${id}" class="username">${author}</a></dt></dl>
      <div class="postbody"><h3><a href="#p${id}">Re: Coupures fibre Orange</a></h3>
      <p class="author">par <strong><a class="username" href="#">${author}</a></strong> &raquo; lun. ${page} avr. 2024 1${n}:00</p>
      <div class="content">Message ${id} : encore une coupure de la fibre Orange ce soir.</div></div>
    </div></div>`;
  });
  const next =
    page < pages
      ? `<div class="pagination"><ul><li class="next"><a href="./viewtopic.php?t=9&amp;start=${page * 2}" rel="next">Suivante</a></li></ul></div>`
      : '';
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Coupures fibre Orange</title></head>
    <body id="phpbb"><h2 class="topic-title">Coupures fibre Orange</h2>
    <div class="action-bar"><div class="pagination">${pages * 2} messages &bull; Page <strong>${page}</strong> sur <strong>${pages}</strong></div>${next}</div>
    ${posts.join('\n')}<p>1&nbsp;234 vues</p></body></html>`;
}

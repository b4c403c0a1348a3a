import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type PageCase, pageCases, scorePage } from '../../scripts/extract-quality.ts';
import { parseArticle } from '../../src/ingest/article.ts';
import { extractArticle, isExcerpt, largestTextBlock } from '../../src/ingest/extract.ts';
import { htmlToText } from '../../src/ingest/text.ts';

const POST = `<!doctype html><html lang="fr-FR"><head><title>Ma box SFR en panne | Le blog de Camille</title>
<meta name="author" content="Camille Martin"></head><body>
<header><nav><a href="/">Accueil</a> <a href="/contact">Contact</a></nav></header>
<main><article>
<h1>Ma box SFR en panne depuis trois semaines</h1>
<p class="byline">Par Camille Martin</p>
<p>Depuis le 3 novembre, ma box SFR ne synchronise plus. J'ai appelé le service client six fois,
chaque fois on m'a promis un technicien qui n'est jamais venu.</p>
<figure><img src="box.jpg"><figcaption>Crédit photo : Camille</figcaption></figure>
<p>J'ai envoyé une lettre recommandée le 15 novembre, sans réponse. On me facture pourtant
l'abonnement complet, 45 euros par mois, pour un service que je n'ai pas.</p>
<p><strong>À lire aussi »</strong> <a href="/autre">Mon déménagement chez Orange</a></p>
<p>Je résilie dès la fin du mois. SFR c'est l'enfer, et je le dirai à qui veut l'entendre.
Ne faites pas la même erreur que moi, regardez ailleurs avant de signer quoi que ce soit.</p>
</article></main>
<aside class="sidebar"><h3>Articles récents</h3><ul><li>Recette de la tarte aux pommes</li></ul></aside>
<footer>© 2026 Le blog de Camille — Mentions légales</footer>
</body></html>`;

describe('extractArticle', () => {
  const a = extractArticle(POST, 'https://camille.example.fr/2026/11/box-sfr/');

  it.each([
    ['keeps the first paragraph', 'Depuis le 3 novembre, ma box SFR ne synchronise plus.'],
    ['keeps the last paragraph', "SFR c'est l'enfer"],
  ])('%s', (_, snippet) => {
    expect(a.text.replace(/\s+/g, ' ')).toContain(snippet);
  });

  it.each([
    ['drops the navigation', 'Accueil'],
    ['drops the sidebar', 'tarte aux pommes'],
    ['drops the footer', 'Mentions légales'],
    ['drops the photo caption', 'Crédit photo'],
    ['drops the "À lire aussi" cross-link', 'déménagement chez Orange'],
  ])('%s', (_, snippet) => {
    expect(a.text).not.toContain(snippet);
  });

  it('keeps paragraphs on their own lines', () => {
    expect(a.text.split('\n').length).toBeGreaterThanOrEqual(3);
  });

  it('gives title, byline and declared language', () => {
    expect(a.title).toContain('Ma box SFR en panne');
    expect(a.byline).toContain('Camille Martin');
    expect(a.lang).toBe('fr-fr');
  });

  it('removes soft hyphens left by hyphenation plugins', () => {
    const html = `<html><body><article><p>${'Le ser\u00advice client ne ré\u00adpond ja\u00admais. '.repeat(20)}</p></article></body></html>`;
    expect(extractArticle(html, 'https://x.fr/').text).toContain(
      'Le service client ne répond jamais.',
    );
  });

  it('a short forum page: the post, not the menu', () => {
    const html = `<html><head><title>Forum</title></head><body>
      <nav>Accueil Forum Connexion Inscription</nav>
      <div id="post">Bonjour, ma fibre Orange coupe tous les soirs depuis une semaine.</div>
      <div class="small">12 vues</div></body></html>`;
    const r = extractArticle(html, 'https://forum.example.fr/t/1');
    expect(r.text).toContain('ma fibre Orange coupe tous les soirs');
    expect(r.text).not.toContain('Connexion');
    expect(r.title).toBe('Forum');
  });

  // The fallback for when Readability returns null: the block with the most paragraph text,
  // not <body>, which holds everything.
  it('largest text block: the post, not the whole page', () => {
    const { document } = parseHTML(`<html><body>
      <div id="menu">Accueil · Forums · Membres · Connexion</div>
      <div id="wrap"><div class="meta">Posté par Karim</div>
        <div class="post">La 4G Free ne passe plus dans mon quartier depuis lundi.<br>
        Trois appels au 3244, trois réponses différentes.</div></div>
      <footer>Forum propulsé par phpBB</footer></body></html>`);
    const text = largestTextBlock(document as unknown as Parameters<typeof largestTextBlock>[0]);
    expect(text).toBe(
      'La 4G Free ne passe plus dans mon quartier depuis lundi.\nTrois appels au 3244, trois réponses différentes.',
    );
  });

  // Themes that print their share and comment prompts as bare lines between <br>s give no
  // block to remove: the lines go one by one.
  it('share and comment prompts printed as bare lines', () => {
    const body = 'Free a coupé ma ligne sans prévenir, trois jours sans téléphone. '.repeat(10);
    const html = `<html><body><div class="post">${body}<br><br>Partager sur Facebook<br>12 commentaires<br>Poster un commentaire</div></body></html>`;
    const text = extractArticle(html, 'https://x.fr/').text;
    expect(text).toContain('Free a coupé ma ligne sans prévenir');
    expect(text).not.toMatch(/Partager|commentaire/);
  });

  it('never throws on junk', () => {
    for (const junk of ['', 'pas du HTML', '<html><body></body></html>', '<<<>>>']) {
      expect(() => extractArticle(junk, 'https://x.fr/')).not.toThrow();
    }
  });
});

describe('isExcerpt', () => {
  const article =
    "Depuis le 3 novembre, ma box SFR ne synchronise plus. J'ai appelé le service client six fois, chaque fois on m'a promis un technicien qui n'est jamais venu. ".repeat(
      4,
    );
  // Each row: how a French feed marks (or does not mark) a teaser, and what it is compared to.
  it.each([
    [
      'ends with an ellipsis',
      'Depuis le 3 novembre, ma box SFR ne synchronise plus…',
      article,
      true,
    ],
    ['ends with [...]', 'Un texte sur autre chose [...]', '', true],
    ['ends with […]', 'Un texte sur autre chose […]', '', true],
    ['ends with "Lire la suite"', 'Un texte sur autre chose. Lire la suite »', '', true],
    ['ends with "(suite)"', 'Un texte sur autre chose (suite)', '', true],
    ['a prefix of the article, cut mid-word', article.slice(0, 120), article, true],
    ['short while the article is long', 'Ma box SFR ne marche plus.', article, true],
    ['the whole article', article, article, false],
    [
      'a whole forum post that trails off...',
      'Free me prend pour un pigeon...',
      'Free me prend pour un pigeon...',
      false,
    ],
    ['the article with other line breaks', article.replace(/ /g, '\n '), article, false],
    ['a complete post, no article to compare', 'Ma box SFR ne marche plus, je résilie.', '', false],
  ])('%s → %s', (_, item, compareTo, expected) => {
    expect(isExcerpt(item, compareTo)).toBe(expected);
  });
});

// ../shared holds third-party pages with expected extraction; read in place, never copied.
// The measure is scripts/extract-quality.ts (which prints it page by page).
const cases = pageCases();

describe.skipIf(!cases.length)('extraction on ../shared/corpora/pages-fr', () => {
  if (!cases.length) {
    it.skip('../shared/corpora/pages-fr is absent: corpus measurement skipped', () => {});
    return;
  }
  // Both ways a page is read: a feed item's full text, and a page source (parseArticle).
  const readers: [string, (c: PageCase) => string][] = [
    ['feed item full text', (c) => extractArticle(c.html, c.url).text],
    ['page source', (c) => htmlToText(parseArticle(c.html, c.url).items[0]!.html)],
  ];
  it.each(readers)('%s: nine pages in ten right, no article text lost', (name, read) => {
    const scores = cases.map((c) => scorePage(c, read(c)));
    const right = scores.filter((s) => !s.missing.length && !s.leaked.length);
    const failures = scores
      .filter((s) => s.missing.length || s.leaked.length)
      .map(
        (s) => `${s.id}: missing ${JSON.stringify(s.missing)} leaked ${JSON.stringify(s.leaked)}`,
      );
    console.log(
      `pages-fr (${name}): ${right.length}/${scores.length} right\n  ${failures.join('\n  ')}`,
    );
    expect(right.length / scores.length).toBeGreaterThanOrEqual(0.9);
    // Removing furniture must never cost a sentence that the article holds.
    expect(scores.flatMap((s) => s.missing.map((m) => `${s.id}: ${m}`))).toEqual([]);
    for (const s of scores) if (s.recall !== null) expect(s.recall, s.id).toBeGreaterThan(0.98);
  });
});

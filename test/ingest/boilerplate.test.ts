import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/ingest/article.ts';
import { removeBoilerplate, siteTaglines } from '../../src/ingest/boilerplate.ts';
import { type DomDocument, extractArticle, nodeText } from '../../src/ingest/extract.ts';
import { isCallToAction } from '../../src/ingest/furniture-text.ts';
import { normaliseItems } from '../../src/ingest/normalise.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The text a crawl stores for a page source: parseArticle, then normalise. */
function pageSourceText(html: string, url: string): string {
  const parsed = parseArticle(html, url);
  return normaliseItems(parsed, { sourceId: 'page', fetchedAt: new Date(0) })[0]!.text;
}

// Each fixture is a French post in the markup of one CMS family (written here, modelled on
// the themes' templates), with the furniture that used to end up in the article's text. Both
// ways a page is read must agree: a feed item's full text (extractArticle) and a page source
// (parseArticle).
const CASES: { file: string; keep: string[]; drop: string[] }[] = [
  {
    // A one-paragraph post: too short for Readability's threshold, so it took the whole
    // blog column with the tagline, the share bar, the comments and the pager.
    file: 'blogger-short-post.html',
    keep: [
      'Free Mobile ne capte plus rien chez moi depuis le 20 janvier',
      'Trois tickets, zéro réponse.',
    ],
    drop: [
      "Humeurs, coups de gueule et bons plans d'un Lyonnais connecté", // the blog's tagline
      'Envoyer par e-mail',
      'Partager sur Twitter',
      'Libellés',
      '2 commentaires',
      'Répondre',
      'Pareil à Villeurbanne', // a reader's comment, not the post
      'Publier un commentaire',
      'Article plus récent',
      'Publier les commentaires (Atom)',
    ],
  },
  {
    file: 'wordpress-share-related-comments.html',
    keep: [
      'Le 2 mars, le suivi Chronopost affiche « colis livré »',
      'je déconseille vivement ce transporteur pour tout envoi de valeur.',
    ],
    drop: [
      'Un blog de consommatrice un peu râleuse', // the site description, pasted atop the post
      'Ma lettre recommandée égarée par La Poste', // "À lire aussi :" inline
      "SFR m'a facturé deux fois", // "Sur le même sujet" list
      'Partager',
      'Laisser un commentaire',
      'Votre adresse e-mail ne sera pas publiée',
      'Navigation de l’article',
    ],
  },
  {
    file: 'overblog-share-repost.html',
    keep: [
      'Pendant deux ans, EDF a estimé ma consommation',
      'Je vous tiendrai au courant de la suite, si suite il y a.',
    ],
    drop: [
      "Chroniques d'une retraitée bretonne", // the blog's description, repeated in the post
      'Partager cet article',
      'Repost',
      'Pour être informé des derniers articles',
      'Orange : la fibre promise depuis 2019', // "Vous aimerez aussi :"
      'Commenter cet article',
    ],
  },
  {
    file: 'news-read-also-device-notice.html',
    keep: [
      // The standfirst equals the description meta: on an article page it is the author's.
      "Une panne a privé d'Internet des milliers de clients Bouygues Telecom pendant près de dix heures mardi.",
      "Les box de l'opérateur affichaient un voyant rouge",
      'au prorata de la durée de la coupure.',
    ],
    drop: [
      "Panne chez Orange : les numéros d'urgence", // "Lire aussi" catcher
      'sur un autre appareil',
      'Votre abonnement ne permet pas',
      'modifier votre mot de passe',
      'Continuer à lire ici',
      'Offrir cet article',
      'Fibre : les pannes à répétition', // "Sur le même sujet" teasers
    ],
  },
];

describe.each(CASES)('page furniture: $file', ({ file, keep, drop }) => {
  const html = fixture(file);
  const url = 'https://blog.example.fr/2024/03/post.html';
  const readers: [string, string][] = [
    ['feed item full text', flat(extractArticle(html, url).text)],
    ['page source', flat(pageSourceText(html, url))],
  ];
  it.each(readers)('%s keeps the article', (_, text) => {
    for (const k of keep) expect(text).toContain(k);
  });
  it.each(readers)('%s drops the furniture', (_, text) => {
    for (const d of drop) expect(text).not.toContain(d);
  });
});

describe('isCallToAction', () => {
  // Whole blocks made of buttons and prompts, as themes print them.
  it.each([
    'Répondre',
    'Poster un commentaire',
    'Laisser un commentaire',
    'Enregistrer un commentaire',
    '12 commentaires',
    '1 commentaire :',
    'Aucun commentaire',
    '3 réflexions sur « Mon colis Chronopost perdu »',
    'Partager cet article',
    'Partager : Twitter Facebook',
    'Envoyer par e-mail BlogThis! Partager sur Twitter Partager sur Facebook',
    'J’aime chargement…',
    'Repost0',
    'Article plus récent Article plus ancien Accueil',
  ])('furniture: %s', (text) => {
    expect(isCallToAction(text)).toBe(true);
  });
  // Prose that starts like a button: the rest of the sentence is the author's.
  it.each([
    'Partager sa colère ne sert à rien',
    'Répondre au courrier a pris trois mois',
    'Commentaires de la conseillère : aucun',
    'Facebook a supprimé mon compte sans raison',
    'X',
  ])('prose: %s', (text) => {
    // "X" alone is the share button of the network formerly Twitter.
    expect(isCallToAction(text)).toBe(text === 'X');
  });
});

const doc = (html: string) => (parseHTML(html) as unknown as { document: DomDocument }).document;

describe('siteTaglines', () => {
  it('takes the theme tagline, and the description meta of a non-article page', () => {
    const d = doc(`<html><head><meta property="og:type" content="website">
      <meta name="description" content="Le blog d'un abonné mécontent"></head><body>
      <header><p class="site-description">Humeur du jour et coups de gueule</p></header></body></html>`);
    expect([...siteTaglines(d)].sort()).toEqual([
      'humeur du jour et coups de gueule',
      "le blog d'un abonné mécontent",
    ]);
  });
  it("leaves an article page's description meta alone: it is the standfirst", () => {
    const d = doc(`<html><head><meta property="og:type" content="article">
      <meta name="description" content="La panne a duré dix heures, les abonnés sont furieux."></head>
      <body><article><header class="entry-header"><p>La panne a duré dix heures, les abonnés sont furieux.</p>
      </header></article></body></html>`);
    expect([...siteTaglines(d)]).toEqual([]);
  });
});

describe('removeBoilerplate', () => {
  const text = (html: string) => {
    const d = doc(`<html><body><article>${html}</article></body></html>`);
    removeBoilerplate(d);
    return flat(nodeText(d.body!));
  };
  const prose =
    '<p>La box Orange redémarre toutes les heures depuis la mise à jour du 3 mars, et le service client nie le problème.</p>';

  // Lists of links stay when the author's words are in them; headline lists go.
  it.each([
    [
      'an unlabelled list of headlines',
      `${prose}<ul><li><a href="/1">Fibre : les pannes exaspèrent les abonnés</a></li><li><a href="/2">Comment se faire rembourser une coupure</a></li><li><a href="/3">Les opérateurs sous la pression de l'Arcep</a></li></ul>`,
      'Fibre : les pannes',
      false,
    ],
    [
      "a list of the author's points, with links inside",
      `${prose}<ul><li>J'ai appelé le <a href="/3900">3900</a> six fois sans réponse</li><li>J'ai écrit au <a href="/med">médiateur</a> en recommandé</li><li>J'ai résilié et payé les frais de résiliation</li></ul>`,
      "J'ai écrit au médiateur en recommandé",
      true,
    ],
    [
      'a paragraph opening like a label ("Pour aller plus loin") that is prose, not links',
      `${prose}<p>Pour aller plus loin, j'ai relu <a href="/f">ma facture</a> de janvier, où les mêmes frais apparaissaient déjà sans explication.</p>`,
      'les mêmes frais apparaissaient déjà',
      true,
    ],
    [
      'a "Lire aussi" heading over a list of links',
      `${prose}<h3>Lire aussi</h3><ul><li><a href="/1">Free</a></li><li><a href="/2">SFR</a></li></ul>`,
      'Lire aussi',
      false,
    ],
  ])('%s', (_, html, probe, kept) => {
    const out = text(html);
    expect(out).toContain('La box Orange redémarre toutes les heures');
    expect(out.includes(probe)).toBe(kept);
  });

  it("a customer quoting their operator's refusal is no notice", () => {
    const quote =
      "<p>Au téléphone, on m'a répondu que votre abonnement ne permet pas de consulter la messagerie depuis l'étranger, alors que c'était écrit dans l'offre que j'ai signée en magasin.</p>";
    expect(text(`${prose}${quote}`)).toContain("alors que c'était écrit dans l'offre");
  });

  it('a paywall notice goes, the article paragraphs beside it stay', () => {
    const out = text(
      `<div class="content">${prose.repeat(3)}<div class="notice"><p>Cet article est réservé aux abonnés.</p><a href="/abo">Déjà abonné ?</a> <a href="/login">Se connecter</a></div>${prose}</div>`,
    );
    expect(out).not.toContain('réservé aux abonnés');
    expect(out).not.toContain('Se connecter');
    expect(out.match(/La box Orange/g)?.length).toBe(4);
  });
});

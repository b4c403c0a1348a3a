// What a reader sees on each fixture thread page of test/fixtures/forums: the posts in order,
// with their author, date (UTC, from Paris time, now = 2024-03-05 13:00 in Paris), a piece of
// their own text and the URL that opens each one. Shared by forum-engines.test.ts and the
// extraction measurement (forum-extraction.test.ts).

export interface ForumCase {
  file: string;
  /** Where the page was fetched. */
  page: string;
  format: string;
  posts: { author: string; date: string | null; text: string; url: string }[];
  /** What no post's text may hold: signatures, edit notes, profile fields. */
  notInText?: string[];
}

const D1 = '2024-03-03T13:05:00.000Z';
const D2 = '2024-03-04T08:12:00.000Z';
const D3 = '2024-03-04T17:30:00.000Z';

export const FORUM_CASES: ForumCase[] = [
  {
    file: 'phpbb2-subsilver-thread.html',
    page: 'https://forum.boxmobiles.example.fr/viewtopic.php?t=3310',
    format: 'phpbb2',
    posts: [
      {
        author: 'Dédé_du_91',
        date: D1,
        text: 'la télé se coupe tous les soirs vers 21h',
        url: 'https://forum.boxmobiles.example.fr/viewtopic.php?p=48211#48211',
      },
      {
        author: 'Nath',
        date: D2,
        text: "Branche le boîtier en Ethernet plutôt qu'en CPL",
        url: 'https://forum.boxmobiles.example.fr/viewtopic.php?p=48230#48230',
      },
      {
        author: 'Dédé_du_91',
        date: D3,
        text: "J'ai envoyé une lettre recommandée à Free",
        url: 'https://forum.boxmobiles.example.fr/viewtopic.php?p=48244#48244',
      },
    ],
    notInText: [
      'Freebox Révolution - Évry',
      'lisez la charte',
      'Inscrit le',
      'Dernière édition',
      '____',
    ],
  },
  {
    file: 'phpbb3-subsilver2-thread.html',
    page: 'https://forum.autoconso.example.fr/viewtopic.php?f=4&t=912',
    format: 'phpbb',
    posts: [
      {
        author: 'Sylvie_K',
        date: D1,
        text: "mon garage Renault m'a facturé deux fois",
        url: 'https://forum.autoconso.example.fr/viewtopic.php?p=7701#p7701',
      },
      {
        author: 'Maître_Hugo',
        date: D2,
        text: 'Demandez le détail des deux factures',
        url: 'https://forum.autoconso.example.fr/viewtopic.php?p=7715#p7715',
      },
      {
        author: 'Sylvie_K',
        date: D3,
        text: 'Merci, lettre envoyée ce matin.',
        url: 'https://forum.autoconso.example.fr/viewtopic.php?p=7730#p7730',
      },
    ],
    notInText: ['Clio IV', 'Inscription', 'Signaler'],
  },
  {
    file: 'vbulletin3-thread.html',
    page: 'https://www.forum-fibre.example.fr/showthread.php?t=20771',
    format: 'vbulletin',
    posts: [
      {
        author: 'Fibreux_69',
        date: D1,
        text: 'ma fibre Bouygues plafonne à 400 Mb/s',
        url: 'https://www.forum-fibre.example.fr/showpost.php?p=301100&postcount=1#post301100',
      },
      {
        author: 'Tech_Benoît',
        date: D2,
        text: 'En Wi-Fi 5 tu ne dépasseras pas 400 Mb/s',
        url: 'https://www.forum-fibre.example.fr/showpost.php?p=301124&postcount=2#post301124',
      },
      {
        author: 'Fibreux_69',
        date: '2024-03-05T09:15:00.000Z',
        text: 'PC branché directement sur la Bbox',
        url: 'https://www.forum-fibre.example.fr/showpost.php?p=301140&postcount=3#post301140',
      },
    ],
    notInText: ['Bbox Ultym', "Date d'inscription", '____'],
  },
  {
    file: 'xenforo1-thread.html',
    page: 'https://www.forum-energie.example.fr/threads/edf-facture-de-regularisation-a-1-800.5512/',
    format: 'xenforo',
    posts: [
      {
        author: 'Pauline_L',
        date: D1,
        text: "EDF m'envoie une facture de régularisation de 1 800 €",
        url: 'https://www.forum-energie.example.fr/threads/edf-facture-de-regularisation-a-1-800.5512/#post-88120',
      },
      {
        author: 'Jules_Énergie',
        date: D2.replace('08:12', '09:12'),
        text: 'vérifiez si les index de la facture correspondent',
        url: 'https://www.forum-energie.example.fr/threads/edf-facture-de-regularisation-a-1-800.5512/#post-88131',
      },
      {
        author: 'Pauline_L',
        date: D3,
        text: 'EDF a estimé ma consommation',
        url: 'https://www.forum-energie.example.fr/threads/edf-facture-de-regularisation-a-1-800.5512/#post-88140',
      },
    ],
    notInText: ['Appartement tout électrique', 'Nouveau membre'],
  },
  {
    file: 'smf1-thread.html',
    page: 'https://forum.telespectateurs.example.fr/index.php?topic=4410.0',
    format: 'smf',
    posts: [
      {
        author: 'Mireille',
        date: D1,
        text: 'ils continuent de prélever 35 € par mois',
        url: 'https://forum.telespectateurs.example.fr/index.php?topic=4410.msg55001#msg55001',
      },
      {
        author: 'Gus',
        date: '2024-03-04T08:12:33.000Z',
        text: 'Fais opposition au prélèvement',
        url: 'https://forum.telespectateurs.example.fr/index.php?topic=4410.msg55020#msg55020',
      },
      {
        author: 'Mireille',
        date: '2024-03-04T17:30:02.000Z',
        text: 'Opposition faite.',
        url: 'https://forum.telespectateurs.example.fr/index.php?topic=4410.msg55031#msg55031',
      },
    ],
    notInText: ['Abonnée depuis 2012', 'Messages:'],
  },
  {
    file: 'nodebb-topic.html',
    page: 'https://communaute.mobiles.example.fr/topic/812/orange-plus-de-4g-depuis-la-mise-a-jour',
    format: 'nodebb',
    posts: [
      {
        author: 'Kevin_R',
        date: D1,
        text: 'mon forfait Orange ne capte plus la 4G',
        url: 'https://communaute.mobiles.example.fr/post/9001#1',
      },
      {
        author: 'Amélie',
        date: D2,
        text: 'Orange annonce un correctif',
        url: 'https://communaute.mobiles.example.fr/post/9014#2',
      },
      {
        author: 'Kevin_R',
        date: D3,
        text: 'aucun geste commercial proposé',
        url: 'https://communaute.mobiles.example.fr/post/9030#3',
      },
    ],
    notInText: ['Pixel 7'],
  },
  {
    // Flarum's no-JavaScript view prints neither dates nor post anchors: a post opens by a
    // text fragment of its own first words.
    file: 'flarum-discussion.html',
    page: 'https://freenautes.example.fr/d/2210-free-mobile-hors-forfait-facture-a-l-etranger',
    format: 'flarum',
    posts: [
      {
        author: 'Lucas_Bzh',
        date: null,
        text: 'Le chat du service client me renvoie vers le formulaire.',
        url: "https://freenautes.example.fr/d/2210-free-mobile-hors-forfait-facture-a-l-etranger#:~:text=Retour%20d'Espagne%2C%20Free%20Mobile%20me%20facture%2048%20%E2%82%AC",
      },
      {
        author: 'Sandrine',
        date: null,
        text: 'Regarde dans ton espace abonné',
        url: "https://freenautes.example.fr/d/2210-free-mobile-hors-forfait-facture-a-l-etranger#:~:text=Regarde%20dans%20ton%20espace%20abonn%C3%A9%20si%20ce%20n'est",
      },
      {
        author: 'Lucas_Bzh',
        date: null,
        text: 'Free refuse quand même de rembourser.',
        url: 'https://freenautes.example.fr/d/2210-free-mobile-hors-forfait-facture-a-l-etranger#:~:text=Bien%20vu%20%3A%20connexion%20%C2%AB%20Maritime%20%C2%BB%20pendant',
      },
    ],
  },
  {
    file: 'fluxbb-topic.html',
    page: 'https://forum.voyageurs.example.fr/viewtopic.php?id=1201',
    format: 'fluxbb',
    posts: [
      {
        author: 'Bernadette',
        date: '2024-03-03T13:05:12.000Z',
        text: 'la SNCF refuse de me rembourser parce que',
        url: 'https://forum.voyageurs.example.fr/viewtopic.php?pid=15410#p15410',
      },
      {
        author: 'Rail_Expert',
        date: D2,
        text: 'le remboursement est dû quel que soit le tarif',
        url: 'https://forum.voyageurs.example.fr/viewtopic.php?pid=15433#p15433',
      },
      {
        author: 'Bernadette',
        date: '2024-03-05T09:15:00.000Z',
        text: 'le médiateur a accusé réception',
        url: 'https://forum.voyageurs.example.fr/viewtopic.php?pid=15440#p15440',
      },
    ],
    notInText: ['Voyageuse régulière', 'Dernière modification', 'Inscription'],
  },
  {
    file: 'mybb-thread.html',
    page: 'https://forum-conso.example.fr/showthread.php?tid=880',
    format: 'mybb',
    posts: [
      {
        author: 'Thierry59',
        date: D1,
        text: 'le SAV Darty ne répond ni au téléphone ni aux mails',
        url: 'https://forum-conso.example.fr/showthread.php?tid=880&pid=7001#pid7001',
      },
      {
        author: 'Mod_Claire',
        date: D2,
        text: "la livraison d'un bien endommagé n'est pas conforme",
        url: 'https://forum-conso.example.fr/showthread.php?tid=880&pid=7012#pid7012',
      },
      {
        author: 'Thierry59',
        date: '2024-03-05T09:15:00.000Z',
        text: "Darty vient enfin de m'appeler",
        url: 'https://forum-conso.example.fr/showthread.php?tid=880&pid=7020#pid7020',
      },
    ],
    notInText: ['Lille - client Darty Max', 'Modification du message', 'Junior Member'],
  },
  {
    file: 'hfr-sujet.html',
    page: 'https://forum.hardware.fr/hfr/reseauxpersosoho/sujet_29001_1.htm',
    format: 'hfr',
    posts: [
      {
        author: 'Zorglub_75',
        date: '2024-03-03T13:05:12.000Z',
        text: 'ma fibre SFR coupe 5 à 6 fois par jour, 2 minutes',
        url: 'https://forum.hardware.fr/hfr/reseauxpersosoho/sujet_29001_1.htm#t3110501',
      },
      {
        author: 'Drap3r',
        date: '2024-03-04T08:12:40.000Z',
        text: 'Ouvre un ticket incident',
        url: 'https://forum.hardware.fr/hfr/reseauxpersosoho/sujet_29001_1.htm#t3110533',
      },
      {
        author: 'Zorglub_75',
        date: D3,
        text: 'SFR parle de « maintenance réseau »',
        url: 'https://forum.hardware.fr/hfr/reseauxpersosoho/sujet_29001_1.htm#t3110560',
      },
    ],
    notInText: ['Config : Ryzen 7', 'Message édité par', '-----'],
  },
  {
    file: 'phpbb32-allanstyle-thread.html',
    page: 'https://forum.achats.example.fr/viewtopic.php?f=9&t=5120',
    format: 'phpbb',
    posts: [
      {
        author: 'Coralie',
        date: D1,
        text: 'Amazon refuse le remboursement',
        url: 'https://forum.achats.example.fr/viewtopic.php?p=33001#p33001',
      },
      {
        author: 'Yann',
        date: D2,
        text: 'Demandez la photo',
        url: 'https://forum.achats.example.fr/viewtopic.php?p=33020#p33020',
      },
    ],
    notInText: ['Acheteuse Prime'],
  },
  {
    // A board with its own template and French class names: no recipe, detection only.
    file: 'custom-board-thread.html',
    page: 'https://entraide-banque.example.fr/fil/877',
    format: 'detected',
    posts: [
      {
        author: 'Raymond P.',
        date: D1,
        text: 'Ma carte a été bloquée samedi',
        url: 'https://entraide-banque.example.fr/fil/877#c1207',
      },
      {
        author: 'Anaïs',
        date: D2,
        text: "Le numéro d'opposition répond 24h/24",
        url: 'https://entraide-banque.example.fr/fil/877#c1210',
      },
      {
        author: 'Raymond P.',
        date: D3,
        text: 'débloquée en dix minutes',
        url: 'https://entraide-banque.example.fr/fil/877#c1215',
      },
    ],
    notInText: ['Retraité', 'Habituée', 'À lire aussi'],
  },
  {
    // jeuxvideo.com's forum (no known engine): the pseudo in span.bloc-pseudo-msg, the date in
    // div.bloc-date-msg, no anchor on a post (a text fragment opens it), a signature block.
    file: 'jeuxvideo-topic.html',
    page: 'https://www.jeuxvideo.example.fr/forums/42-51-73001234-1-0-1-0-box-bouygues-en-panne-depuis-5-jours.htm',
    format: 'detected',
    posts: [
      {
        author: 'Kevin_du_77',
        date: D1,
        text: 'Ma box Bouygues ne synchronise plus depuis cinq jours',
        url: 'https://www.jeuxvideo.example.fr/forums/42-51-73001234-1-0-1-0-box-bouygues-en-panne-depuis-5-jours.htm#:~:text=Ma%20box%20Bouygues%20ne%20synchronise%20plus%20depuis%20cinq',
      },
      {
        author: 'Lutin_Grincheux',
        date: D2,
        text: "ils ont fini par m'envoyer une clé 4G",
        url: "https://www.jeuxvideo.example.fr/forums/42-51-73001234-1-0-1-0-box-bouygues-en-panne-depuis-5-jours.htm#:~:text=Pareil%20chez%20moi%2C%20ils%20ont%20fini%20par%20m'envoyer",
      },
      {
        author: 'Kevin_du_77',
        date: D3,
        text: 'Clé 4G reçue ce soir',
        url: 'https://www.jeuxvideo.example.fr/forums/42-51-73001234-1-0-1-0-box-bouygues-en-panne-depuis-5-jours.htm#:~:text=Cl%C3%A9%204G%20re%C3%A7ue%20ce%20soir%2C%20merci%20du%20tuyau.',
      },
    ],
    notInText: ['Team PC depuis 2009'],
  },
  {
    // Forumactif's phpBB 3 theme: "par <strong>X</strong> Dim 3 Mar 2024 - 14:05" with no "»",
    // profiles at /u17, a quote link naming the post's number before its own link.
    file: 'forumactif-topic.html',
    page: 'https://entraide-colis.forumactif.example.fr/t412-colis-chronopost-jamais-livre',
    format: 'phpbb',
    posts: [
      {
        author: 'Mireille',
        date: D1,
        text: 'Mon colis Chronopost est marqué « livré » depuis samedi',
        url: 'https://entraide-colis.forumactif.example.fr/t412-colis-chronopost-jamais-livre#3301',
      },
      {
        author: 'Gérard38',
        date: D2,
        text: 'Déposez une réclamation en ligne chez Chronopost',
        url: 'https://entraide-colis.forumactif.example.fr/t412-colis-chronopost-jamais-livre#3307',
      },
      {
        author: 'Mireille',
        date: D3,
        text: 'Réclamation envoyée ce midi',
        url: 'https://entraide-colis.forumactif.example.fr/t412-colis-chronopost-jamais-livre#3312',
      },
    ],
    notInText: ['couturière à Rouen', "Date d'inscription"],
  },
  {
    // A thread of one post (nobody answered yet) repeats nothing: its post is the element
    // whose id names it by number.
    file: 'single-post-topic.html',
    page: 'https://coin-abonnes.example.fr/energie/sujet-90412',
    format: 'detected',
    posts: [
      {
        author: 'Odile B.',
        date: D1,
        text: "J'ai reçu deux prélèvements EDF pour février",
        url: 'https://coin-abonnes.example.fr/energie/sujet-90412#msg-90412',
      },
    ],
    notInText: ['Répondre'],
  },
  {
    // An unknown engine that prints the name as bare bold text and reaches the profile by an
    // icon ("Voir son profil"), as forum.hardware.fr does.
    file: 'bold-author-thread.html',
    page: 'https://forum-voyages.example.fr/sujet-5501.htm',
    format: 'detected',
    posts: [
      {
        author: 'Fanfan_Lyon',
        date: D1,
        text: 'Mon TGV Lyon-Paris du 12 février a été annulé',
        url: 'https://forum-voyages.example.fr/sujet-5501.htm#r5501',
      },
      {
        author: 'Globe-Trotteuse',
        date: D2,
        text: 'Passe par le formulaire G30',
        url: 'https://forum-voyages.example.fr/sujet-5501.htm#r5507',
      },
      {
        author: 'Fanfan_Lyon',
        date: D3,
        text: 'Formulaire G30 envoyé',
        url: 'https://forum-voyages.example.fr/sujet-5501.htm#r5512',
      },
    ],
    notInText: ["En retard, comme d'hab", 'Voir son profil'],
  },
  {
    // A news site's comment thread after Hacker News' markup: comments are rows of one table
    // (tr.athing.comtr), nested by an indent cell; the commenter's page is user?id=<name>, the
    // time an ISO title on a relative age ("il y a 2 jours"). The link submission has no text.
    file: 'news-comments-item.html',
    page: 'https://nouvelles.example.org/item?id=4001',
    format: 'detected',
    posts: [
      {
        author: 'margaux_b',
        date: D1,
        text: 'Plus de réseau depuis ce matin, et le service client ne répond pas.',
        url: 'https://nouvelles.example.org/item?id=4001#4002',
      },
      {
        author: 'tonton_reseau',
        date: D2,
        text: 'Même chose à Nantes, les antennes 4G sont tombées',
        url: 'https://nouvelles.example.org/item?id=4001#4005',
      },
      {
        author: 'lea_from_lille',
        date: D3,
        text: 'Ils annoncent un geste commercial de deux euros.',
        url: 'https://nouvelles.example.org/item?id=4001#4003',
      },
    ],
    notInText: ['répondre', 'il y a 2 jours', 'veilleur'],
  },
  {
    // A thread page narrowed to one message, after forum.mfd.ru's markup: nothing repeats, the
    // post is the element whose class names it a post (div.conso-post); the poster's page is
    // /forum/poster/?id=N, a "12K" score sits beside the avatar, and the quoted message's text
    // has the same class as the post's own.
    file: 'single-post-by-class.html',
    page: 'https://forum-conso.example.fr/forum/fil/?id=3310',
    format: 'detected',
    posts: [
      {
        author: 'Josiane_R',
        date: D1,
        text: "C'est fait depuis trois semaines et l'assureur me répond toujours",
        url: 'https://forum-conso.example.fr/forum/fil/?id=3310#bloc90412',
      },
    ],
    notInText: ['12K', 'Locataire à Rennes', 'ID : 5120'],
  },
  {
    // Numbered posts (id="post_N") at three places of the markup, after Bangumi's groups: the
    // topic's first post, the replies, and replies nested under reply #2, each a post of its
    // own in page order. A motto follows each replier's name; the reply form names the viewer.
    file: 'nested-replies-topic.html',
    page: 'https://communaute.example.fr/groupe/sujet/7001',
    format: 'detected',
    posts: [
      {
        author: 'Camille_D',
        date: D1,
        text: 'Ma cuisine commandée en décembre devait être livrée fin janvier.',
        url: 'https://communaute.example.fr/groupe/sujet/7001#post_7001',
      },
      {
        author: 'Bricolo38',
        date: D2,
        text: 'mettez-les en demeure par lettre recommandée',
        url: 'https://communaute.example.fr/groupe/sujet/7001#post_7002',
      },
      {
        author: 'Camille_D',
        date: D3,
        text: 'Merci, la lettre part demain matin.',
        url: 'https://communaute.example.fr/groupe/sujet/7001#post_7003',
      },
      {
        author: 'Ginette',
        date: D3,
        text: "Gardez bien l'accusé de réception.",
        url: 'https://communaute.example.fr/groupe/sujet/7001#post_7004',
      },
      {
        author: 'Yannick',
        date: D3,
        text: 'Quatre mois de retard pour moi',
        url: 'https://communaute.example.fr/groupe/sujet/7001#post_7005',
      },
    ],
    notInText: ['Qui bricole', 'Toujours en travaux', 'Visiteur_connecte', 'répondre'],
  },
];

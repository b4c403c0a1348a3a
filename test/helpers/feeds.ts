// Small French feeds written by the tests themselves, so each case shows its own input.

export interface FeedItem {
  guid: string;
  title: string;
  body: string;
  date?: string;
  author?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(title: string, items: FeedItem[]): string {
  const entries = items
    .map(
      (i) => `  <item>
    <title>${esc(i.title)}</title>
    <link>https://blog.example.fr/${encodeURIComponent(i.guid)}</link>
    <guid isPermaLink="false">${esc(i.guid)}</guid>
    <pubDate>${i.date ?? 'Tue, 24 Nov 2026 09:30:00 +0100'}</pubDate>
    <dc:creator>${esc(i.author ?? 'Camille')}</dc:creator>
    <description>${esc(`<p>${i.body}</p>`)}</description>
  </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>${esc(title)}</title>
  <link>https://blog.example.fr/</link>
  <description>Un blog de test</description>
${entries}
</channel>
</rss>
`;
}

const bodies = [
  "Ma box SFR ne marche plus depuis trois semaines, le service client ne répond pas. C'est l'enfer, je résilie.",
  'Nouvelle offre fibre chez Orange annoncée ce matin, avec un débit de 8 Gbit/s.',
  "Free m'a facturé deux fois le même mois, j'ai envoyé un recommandé, aucune réponse. Arnaque !",
  'Le réseau SFR est pas mal du tout dans mon quartier, rien à redire.',
];

/** `n` distinct items cycling through a few typical posts. */
export function manyItems(n: number, prefix = 'item'): FeedItem[] {
  return Array.from({ length: n }, (_, i) => ({
    guid: `${prefix}-${i}`,
    title: `Billet ${i}`,
    body: `${bodies[i % bodies.length]} (billet ${i})`,
  }));
}

export const testBrands = [
  { id: 'sfr', name: 'SFR', aliases: ['SFR'] },
  { id: 'orange', name: 'Orange', aliases: ['Orange'], exclude: ["jus d'orange"] },
  { id: 'free', name: 'Free', aliases: ['Free', 'Freebox'] },
];

import { describe, expect, it } from 'vitest';
import { escapeHtml, renderDigest, safeHref } from '../../src/digest/render.ts';
import { renderSlack } from '../../src/digest/render-text.ts';
import type { Digest, DigestItem } from '../../src/digest/select.ts';

const item = (over: Partial<DigestItem> = {}): DigestItem => ({
  id: 'p1',
  title: '<script>alert(1)</script>',
  source: { id: 'blog', name: 'Le <b>blog</b>' },
  author: '"Jean" & co',
  publishedAt: '2026-03-28T20:00:00.000Z',
  fetchedAt: '2026-03-28T20:00:00.000Z',
  url: 'https://example.fr/p1?a=1&b=2',
  postUrl: null,
  severity: 80,
  severityReasons: ['complaint (confidence 0.90)', 'acts: churn, legal'],
  reach: 1200,
  reachReasons: ['source audience 1200 (configured)'],
  priority: 45,
  categories: ['billing'],
  quote: "<img src=x onerror=alert(1)> SFR c'est l'enfer",
  assignee: null,
  notes: 0,
  ...over,
});

const digest = (over: Partial<Digest> = {}): Digest => ({
  name: 'matin',
  date: '2026-03-29',
  language: 'fr',
  timezone: 'Europe/Paris',
  since: '2026-03-28T06:00:00.000Z',
  until: '2026-03-29T06:00:00.000Z',
  sections: [
    {
      brand: { id: 'sfr', name: 'SFR' },
      items: [item()],
      windowCount: 7,
      trailingAverage: 1.5,
      spike: true,
      categories: [{ category: 'billing', count: 3 }],
      daily: Array.from({ length: 14 }, (_, i) => ({
        date: `2026-03-${String(15 + i).padStart(2, '0')}`,
        count: i % 4,
      })),
      moreUrl: 'https://grogne.example.fr/v1/posts?brand=sfr',
    },
  ],
  total: 1,
  skip: false,
  ...over,
});

describe('HTML part', () => {
  const { html, subject } = renderDigest(digest());

  it('leaves every string from a post inert', () => {
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;Jean&quot; &amp; co');
    expect(html).toContain('href="https://example.fr/p1?a=1&amp;b=2"');
  });

  it('is one column of at most 600px, with a 14-day chart and no image', () => {
    expect(html).toContain('max-width:600px');
    expect(html).not.toMatch(/<img|<style|url\(/);
    expect(html.match(/bgcolor="/g)).toHaveLength(14);
    expect(html).toContain('PIC');
    expect(subject).toBe('grogne matin du 2026-03-29 : 1 réclamation à traiter');
  });

  it.each([
    ['javascript:alert(1)', null],
    ['data:text/html,x', null],
    ['not a url', null],
    ['http://example.fr/a', 'http://example.fr/a'],
  ])('links only http(s): %s', (url, href) => expect(safeHref(url)).toBe(href));

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('text part, languages, Slack', () => {
  it.each([
    ['fr', 'réclamation', 'Gravité 80', 'facturation (3)'],
    ['en', 'complaint', 'Severity 80', 'billing (3)'],
  ] as const)('%s', (language, word, severity, topic) => {
    const { text, html, subject } = renderDigest(digest({ language }));
    expect(subject).toContain(word);
    expect(text).toContain(severity);
    // Category ids are shown in the reader's words, in both parts.
    expect(text).toContain(topic);
    expect(html).toContain(topic);
    expect(text).toContain('<script>alert(1)</script>'); // plain text: shown as written
    expect(text).toContain('https://example.fr/p1?a=1&b=2');
  });

  // A French reader reads "0.1" as a typo and "1200" as hard to scan: decimal comma and a
  // narrow no-break space (U+202F) between thousands, in every part.
  it('writes numbers the French way in a French digest, the English way in an English one', () => {
    const d = digest();
    d.sections[0]!.trailingAverage = 0.1;
    d.sections[0]!.windowCount = 1234;
    d.sections[0]!.categories = [{ category: 'billing', count: 1500 }];
    const fr = renderDigest(d);
    for (const part of [fr.text, fr.html]) {
      expect(part).toContain('moyenne des 7 jours précédents : 0,1 par jour');
      expect(part).toContain('1\u202f234 réclamations');
      expect(part).toContain('facturation (1\u202f500)');
      expect(part).toContain('Audience 1\u202f200');
      expect(part).not.toContain('0.1');
      // The scores' reasons, written in English by src/score, in French too.
      expect(part).toContain('réclamation (confiance 0,90) ; menace de partir, action en justice');
      expect(part).toContain('audience de la source : 1\u202f200 (configurée)');
      expect(part).not.toMatch(/confidence|source audience/);
    }
    const en = renderDigest({ ...d, language: 'en' });
    expect(en.text).toContain('previous 7-day average: 0.1 a day');
    expect(en.text).toContain('1,234 complaints');
    expect(en.text).toContain('Reach 1,200');
  });

  // Each chart scaled to its own maximum drew a quiet brand's 1 a day as tall as a busy
  // brand's 2 a day. One scale for the whole digest: 1 is half as tall as 2, in every chart.
  it('draws every brand’s chart on one scale, and says so', () => {
    const d = digest();
    const days = (count: number) =>
      Array.from({ length: 14 }, (_, i) => ({
        date: `2026-03-${String(15 + i).padStart(2, '0')}`,
        count: i === 13 ? count : 0,
      }));
    d.sections = [
      { ...d.sections[0]!, brand: { id: 'sfr', name: 'SFR' }, daily: days(2) },
      { ...d.sections[0]!, brand: { id: 'free', name: 'Free' }, daily: days(1) },
    ];
    const { html, text } = renderDigest(d);
    const heights = [...html.matchAll(/bgcolor="#c0392b" style="height:(\d+)px/g)].map((m) =>
      Number(m[1]),
    );
    expect(heights).toEqual([48, 24]);
    const bars = text
      .split('\n')
      .filter((l) => l.includes('▇'))
      .map((l) => (l.match(/▇/g) ?? []).length);
    expect(bars).toEqual([20, 10]);
    expect(html).toContain('même échelle pour toutes les marques, barre pleine : 2');
    expect(text).toContain('même échelle pour toutes les marques, barre pleine : 2');
  });

  // The post's own page is where one replies; grogne's page of the post (the API's, until
  // there is a dashboard) is where its evidence, scores and notes are: both are linked.
  it('links each post to its page and, with apiBaseUrl, to the post in grogne', () => {
    const d = digest();
    d.sections[0]!.items = [item({ postUrl: 'https://grogne.example.fr/#/post/p1' })];
    const { html, text } = renderDigest(d);
    expect(html).toContain('href="https://example.fr/p1?a=1&amp;b=2"');
    expect(html).toContain(
      '<a href="https://grogne.example.fr/#/post/p1" style="color:#6e6e73;">Preuves et scores dans grogne →</a>',
    );
    expect(text).toContain('   https://example.fr/p1?a=1&b=2\n');
    expect(text).toContain(
      '   Preuves et scores dans grogne → https://grogne.example.fr/#/post/p1\n',
    );
    // Without apiBaseUrl, only the post's own link.
    expect(renderDigest(digest()).html).not.toContain('dans grogne');
  });

  it('says so when a brand had no complaint', () => {
    const d = digest();
    d.sections[0]!.items = [];
    expect(renderDigest(d).html).toContain('Aucune réclamation nouvelle');
  });

  it('escapes Slack markup in post strings', () => {
    const m = renderSlack(digest());
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('&lt;script&gt;');
    expect(json).toContain('<https://example.fr/p1?a=1&b=2|&lt;script&gt;alert(1)&lt;/script&gt;>');
  });

  // The fallback text is shown in notifications and read as mrkdwn: a post's "<!channel>"
  // would ping the whole channel, "<https://evil|your bill>" would hide a link.
  it('escapes Slack markup in the text fallback too', () => {
    const d = digest();
    d.sections[0]!.items = [
      item({ title: '<!channel> SFR & moi', quote: 'voir <https://evil.example|votre facture>' }),
    ];
    const { text } = renderSlack(d);
    expect(text).toContain('&lt;!channel&gt; SFR &amp; moi');
    expect(text).toContain('voir &lt;https://evil.example|votre facture&gt;');
    expect(text).not.toMatch(/<!|<https/);
  });

  it('cuts a long text fallback under 40,000 characters, never inside an entity', () => {
    const d = digest();
    d.sections[0]!.items = Array.from({ length: 400 }, (_, i) =>
      item({ id: `p${i}`, title: '&'.repeat(97 + (i % 5)), quote: '<>'.repeat(50) }),
    );
    const { text } = renderSlack(d);
    expect(text.length).toBeLessThanOrEqual(39_000);
    expect(text.length).toBeGreaterThan(38_990);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });
});

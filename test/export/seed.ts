// A small store whose posts cover what an export must carry intact: accents, quotes, commas
// and line breaks, a text that looks like a spreadsheet formula, a post naming two brands, a
// post naming none, a post without date or author, and a person's feedback.
import { type Db, openStore } from '../../src/store/open.ts';
import { postId, savePosts, syncBrands, syncSources } from '../../src/store/write.ts';
import { item, mention, NOW, source } from '../store/make.ts';

export const IDS = {
  enfer: postId('blog', 'enfer'),
  formula: postId('blog', 'formula'),
  both: postId('forum', 'both'),
  none: postId('forum', 'none'),
};

export function seedDb(path = ':memory:'): Db {
  const db = openStore(path);
  const now = () => NOW;
  syncSources(db, [source('blog'), source('forum', { kind: 'forum' })], now);
  syncBrands(db, [
    {
      id: 'sfr',
      name: 'SFR',
      aliases: ['SFR'],
      handles: [],
      caseSensitive: true,
      exclude: [],
      context: [],
      notWith: [],
    },
    {
      id: 'orange',
      name: 'Orange',
      aliases: ['Orange'],
      handles: [],
      caseSensitive: true,
      exclude: [],
      context: [],
      notWith: [],
    },
  ]);
  savePosts(
    db,
    'blog',
    [
      item(
        'enfer',
        {
          title: 'SFR, « c’est l’enfer » !',
          text: 'Téléphone défectueux, pas de SMS, facture "salée", bref:\nSFR c’est l’enfer !',
          author: 'Rémi Côté',
        },
        { categories: ['billing', 'network'], acts: ['churn'] },
      ),
      item(
        'formula',
        {
          title: '=HYPERLINK("http://evil")',
          text: '+33 6 12 34 56 78 ne répond pas',
          author: '@troll',
        },
        { brands: [mention('orange')], sentimentScore: -0.3 },
      ),
    ],
    now,
  );
  savePosts(
    db,
    'forum',
    [
      item(
        'both',
        {
          sourceId: 'forum',
          text: 'Orange et SFR, même galère.',
          author: 'Rémi Côté',
          publishedAt: null,
        },
        {
          brands: [mention('sfr'), mention('orange', { target: false, sentiment: 'neutral' })],
        },
      ),
      item(
        'none',
        { sourceId: 'forum', text: 'Il fait beau à Paris.', author: null },
        {
          brands: [],
          complaint: false,
          sentiment: 'positive',
          sentimentScore: 0.5,
          categories: [],
        },
      ),
    ],
    now,
  );
  const hasFeedback = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feedback'")
    .get();
  if (hasFeedback) {
    db.prepare(
      `INSERT INTO feedback (post_id, sentiment, complaint, created_at)
       VALUES (?, 'negative', 1, '2024-05-11T00:00:00.000Z')`,
    ).run(IDS.enfer);
  }
  return db;
}

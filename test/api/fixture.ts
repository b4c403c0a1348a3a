// A small store shared by the API tests: two brands, two sources, five posts.
import { generateKey } from '../../src/api/auth.ts';
import { insertKey, type Role } from '../../src/store/keys.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { savePosts, syncBrands, syncSources } from '../../src/store/write.ts';
import { item, mention, NOW, source } from '../store/make.ts';

export const brand = (id: string, name: string) => ({
  id,
  name,
  aliases: [name],
  handles: [],
  caseSensitive: true,
  exclude: [],
  context: [],
  notWith: [],
});

export function fixtureDb(): Db {
  const db = openStore(':memory:');
  syncSources(
    db,
    [source('blog', { name: 'Le blog' }), source('forum', { kind: 'forum' })],
    () => NOW,
  );
  syncBrands(db, [brand('sfr', 'SFR'), brand('orange', 'Orange')]);
  savePosts(
    db,
    'blog',
    [
      item(
        'sfr-bill',
        { text: 'Ma facture SFR est un scandale, problème de télécom.' },
        { acts: ['money'] },
      ),
      item(
        'orange-net',
        { text: 'Orange coupe internet.' },
        { brands: [mention('orange')], categories: ['network'] },
      ),
      item(
        'calm',
        { text: 'Rien à signaler chez SFR.' },
        {
          complaint: false,
          sentiment: 'neutral',
          sentimentScore: 0,
          brands: [mention('sfr', { target: false, sentiment: 'neutral' })],
          categories: [],
          grievances: [],
        },
      ),
      item('reply', { text: 'Pareil pour moi avec SFR.', parentKey: 'sfr-bill' }),
    ],
    () => NOW,
  );
  savePosts(
    db,
    'forum',
    [
      item(
        'forum-post',
        { sourceId: 'forum', text: 'SFR en panne, je résilie.' },
        { acts: ['churn'] },
      ),
    ],
    () => NOW,
  );
  return db;
}

let seed = 0;
/** Creates a key in the store and returns it in clear, as `grogne keys create` prints it. */
export function makeKey(db: Db, role: Role, brands: string[] | null = null): string {
  seed++;
  const made = generateKey((n) => Buffer.alloc(n, seed));
  insertKey(db, {
    id: `key_${seed}`,
    name: null,
    prefix: made.prefix,
    hash: made.hash,
    role,
    brands,
    createdAt: NOW.toISOString(),
  });
  return made.key;
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

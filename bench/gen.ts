// The one generator of synthetic scored stores, shared by the API and export benchmarks (and
// the export CLI test). Fast on purpose: a bulk load is not what the benchmarks measure.
// - prepared statements with positional parameters, 50,000 posts per transaction, no journal;
// - secondary indexes and the full-text trigger dropped during the load, then rebuilt once
//   (an index built from sorted rows beats a B-tree updated a million times; FTS5 'rebuild'
//   writes its doclists in one pass instead of merging a million small segments);
// - `cachedStore` keeps the result under bench/results/ keyed by its parameters, so repeated
//   runs reuse it (bench/results/*.db is gitignored).
// Distributions: about a third of posts are complaints (severity 25–100), the others mild;
// reach is log-normal (tens of readers mostly, a few tens of thousands); dates spread over 90
// days before `now`; one post in five names a second brand in passing.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { prng } from '../src/nlp/model/random.ts';
import { priority } from '../src/score/priority.ts';
import { SCORING_VERSION } from '../src/score/version.ts';
import { migrate, migrations } from '../src/store/migrations.ts';
import { type Db, openStore } from '../src/store/open.ts';

export const BRANDS = ['sfr', 'orange', 'free', 'bouygues', 'sosh', 'red'];
export const SOURCES = ['blog-a', 'blog-b', 'forum-a', 'forum-b'];
const CATEGORIES = ['billing', 'network', 'support', 'delivery', 'device', 'contract'];
const WORDS = `le la les un une des mon ma mes ce cette et ou mais donc car avec sans pour par sur
dans chez depuis encore toujours jamais rien tout très trop pas plus bien mal vraiment
box fibre réseau internet téléphone mobile forfait ligne client service conseiller boutique
technicien rendez-vous appel attente heure semaine mois jour facture prélèvement remboursement
résiliation contrat offre prix euros panne coupure débit lenteur signal antenne 4g 5g wifi
modem livebox freebox colis livraison commande retour garantie écran batterie réparation
problème souci bug erreur retard absence réponse courrier recommandé plainte avocat litige
scandale honte arnaque nul catastrophe enfer merci super rapide efficace content satisfait
normal correct moyen lent cher gratuit nouveau ancien même autre premier dernier`
  .split(/\s+/)
  .filter(Boolean);

/** Bump when the generated data changes, so that cached stores are not reused. */
const GEN_VERSION = 4;
export const DEFAULT_NOW = new Date('2024-06-01T00:00:00Z');

export interface GenOptions {
  /** Words of text per post (on average). */
  wordsPerPost?: number;
  /** Posts are dated over the 90 days before it; priority is scored as of it. */
  now?: Date;
}

/** Secondary indexes and triggers, to drop before a bulk load and restore after it. */
function deferrable(db: Db): { name: string; type: string; sql: string }[] {
  return db
    .prepare<[], { name: string; type: string; sql: string }>(`
      SELECT name, type, sql FROM sqlite_master
      WHERE sql IS NOT NULL AND (type = 'trigger'
          AND (name = 'posts_search_insert' OR name LIKE 'store_generation_%')
        OR type = 'index' AND tbl_name IN ('posts', 'scores', 'brand_mentions', 'analyses'))`)
    .all();
}

function fill(db: Db, posts: number, o: Required<GenOptions>): void {
  const random = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const at = o.now.toISOString();
  const insertSource = db.prepare(
    'INSERT INTO sources (id, kind, url, interval_s, created_at) VALUES (?, ?, ?, 1800, ?)',
  );
  const insertBrand = db.prepare('INSERT INTO brands (id, name, config_json) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const s of SOURCES) {
      const kind = s.startsWith('forum') ? 'forum' : 'feed';
      insertSource.run(s, kind, `https://${s}.exemple.fr/feed`, at);
    }
    for (const b of BRANDS) {
      const name = b.toUpperCase();
      insertBrand.run(b, name, JSON.stringify({ id: b, name, aliases: [name] }));
    }
  })();
  const post = db.prepare(`
    INSERT INTO posts (id, fts_rowid, source_id, guid, url, dedup_key, title, text, author,
      published_at, fetched_at, updated_at, lang, lang_confidence, comments, content_hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fra', 0.95, ?, ?)`);
  const analysis = db.prepare(`
    INSERT INTO analyses (post_id, model_version, sentiment, sentiment_score, complaint,
      complaint_confidence, resolved, severity, categories_json, grievances_json, acts_json,
      evidence_json, analysed_at)
    VALUES (?, 'bench-1', ?, ?, ?, 0.8, 0, ?, ?, '[]', '[]', ?, ?)`);
  const mention = db.prepare(`
    INSERT INTO brand_mentions (post_id, brand_id, target, confidence, sentiment, count,
      reasons_json, spans_json, rank, at, complaint, severity, reach)
    VALUES (?, ?, ?, 0.9, ?, 1, '["named"]', '[]', ?, ?, ?, ?, ?)`);
  const score = db.prepare(`
    INSERT INTO scores (post_id, severity, severity_json, reach, reach_json, priority,
      priority_json, rank, scoring_version, scored_at, at, source_id, lang, complaint, sentiment)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fra', ?, ?)`);
  const explained = (value: number, c: string) =>
    `{"value":${value},"components":${c},"reasons":["bench"],"version":"${SCORING_VERSION}"}`;
  const span = 90 * 86_400_000;
  const BATCH = 50_000;
  const words: string[] = [];
  for (let start = 0; start < posts; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(posts, start + BATCH); i++) {
        const id = i.toString(16).padStart(16, '0');
        words.length = 0;
        const len = Math.max(4, Math.round(o.wordsPerPost * (0.5 + random())));
        for (let w = 0; w < len; w++) words.push(pick(WORDS));
        const brand = BRANDS[i % BRANDS.length]!;
        const name = brand.toUpperCase();
        const complaint = random() < 0.35;
        const sev = Math.round((complaint ? 25 + 75 * random() ** 1.5 : 30 * random()) * 10) / 10;
        const reach = Math.round(Math.exp(2 + 2 * (random() + random() + random() - 1.5) * 1.6));
        const published = new Date(o.now.getTime() - random() * span).toISOString();
        const p = priority({ severity: sev, reach, publishedAt: published }, o.now);
        const rank = p.components.rank!;
        const sentiment =
          complaint || random() < 0.2 ? 'negative' : random() < 0.7 ? 'neutral' : 'positive';
        const text = `${name} ${words.join(' ')}.`;
        post.run(
          id,
          i + 1,
          SOURCES[i % SOURCES.length],
          id,
          `https://exemple.fr/p/${id}`,
          id,
          `${name} : ${words[0]} ${words[1]} ${words[2]}`,
          text,
          `auteur-${i % 5000}`,
          published,
          published,
          at,
          Math.floor(random() * 20),
          id,
        );
        const evidence = `[{"start":0,"end":${name.length},"text":"${name}","reason":"brand"}]`;
        const cats = complaint ? `["${pick(CATEGORIES)}"]` : '[]';
        analysis.run(
          id,
          sentiment,
          complaint ? -0.6 : 0.1,
          complaint ? 1 : 0,
          sev,
          cats,
          evidence,
          at,
        );
        score.run(
          id,
          sev,
          explained(sev, `{"complaint":${complaint ? 1 : 0}}`),
          reach,
          explained(reach, `{"audience":${reach}}`),
          p.value,
          JSON.stringify(p),
          rank,
          SCORING_VERSION,
          at,
          published,
          SOURCES[i % SOURCES.length],
          complaint ? 1 : 0,
          sentiment,
        );
        const c = complaint ? 1 : 0;
        mention.run(id, brand, c, sentiment, rank, published, c, sev, reach);
        if (i % 5 === 0) {
          const other = BRANDS[(i + 1) % BRANDS.length]!;
          mention.run(id, other, 0, 'neutral', rank, published, 0, sev, reach);
        }
      }
    })();
  }
}

/** Creates (or replaces) a store at `path` holding `posts` generated posts; returns it open. */
export function generate(path: string, posts: number, wordsPerPost = 30, now = DEFAULT_NOW): Db {
  rmSync(path, { force: true });
  for (const ext of ['-wal', '-shm', '-journal']) rmSync(`${path}${ext}`, { force: true });
  // Not openStore: no WAL, no journal and one big page cache while loading. If the process
  // dies mid-load the file is garbage, which cachedStore guards against by renaming at the end.
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -262144');
  migrate(db);
  const deferred = deferrable(db);
  for (const d of deferred) db.exec(`DROP ${d.type.toUpperCase()} ${d.name}`);
  fill(db, posts, { wordsPerPost, now });
  db.transaction(() => {
    for (const d of deferred) if (d.type === 'index') db.exec(d.sql);
    // The search index in one pass over posts, as migration 7 fills it.
    db.exec(`INSERT INTO posts_search(rowid, title, text, author, title_stem, text_stem)
      SELECT fts_rowid, title, text, author, grogne_stems(title), grogne_stems(text) FROM posts`);
    for (const d of deferred) if (d.type === 'trigger') db.exec(d.sql);
  })();
  db.exec('ANALYZE');
  db.close();
  return openStore(path);
}

/**
 * The path of a generated store for these parameters, generating it on first use into
 * bench/results/gen-….db. Reused as long as the generator and the schema version are the same.
 */
export function cachedStore(posts: number, wordsPerPost = 30, now = DEFAULT_NOW): string {
  const dir = new URL('./results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const schema = migrations.at(-1)?.version ?? 0;
  const key = `g${GEN_VERSION}-s${schema}-n${posts}-w${wordsPerPost}-t${now.getTime() / 1000}`;
  const path = join(dir, `gen-${key}.db`);
  if (existsSync(path)) return path;
  const tmp = `${path}.tmp`;
  generate(tmp, posts, wordsPerPost, now).close();
  renameSync(tmp, path);
  return path;
}

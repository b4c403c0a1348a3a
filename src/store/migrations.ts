// The schema as a numbered list of named steps (after yarr): each step runs in its own
// transaction and the version reached is kept in PRAGMA user_version. Append new steps at the
// end; never edit one that has shipped, because databases in the field have already run it.
import type { Db } from './open.ts';
import { registerSearchFunctions, STEMS_FUNCTION } from './search.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

const initialSchema = `
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('feed', 'forum', 'page')),
  url TEXT,
  file TEXT,
  name TEXT,
  audience INTEGER,
  interval_s INTEGER NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  etag TEXT,
  last_modified TEXT,
  next_check_at TEXT,
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  last_fetch_at TEXT,
  last_ok_at TEXT,
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
  created_at TEXT NOT NULL
);

CREATE TABLE brands (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  config_json TEXT NOT NULL
);

-- id is not an INTEGER PRIMARY KEY, so its implicit rowid may be renumbered by VACUUM;
-- fts_rowid is a real column that the full-text index points at instead.
CREATE TABLE posts (
  id TEXT PRIMARY KEY,
  fts_rowid INTEGER NOT NULL UNIQUE,
  source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  guid TEXT,
  url TEXT,
  dedup_key TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL,
  author TEXT,
  published_at TEXT,
  fetched_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  lang TEXT,
  lang_confidence REAL,
  categories_json TEXT NOT NULL DEFAULT '[]',
  comments INTEGER,
  replies INTEGER,
  views INTEGER,
  position INTEGER,
  parent_id TEXT,
  cluster_id TEXT,
  content_hash TEXT NOT NULL,
  malformed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (source_id, dedup_key)
);
CREATE INDEX posts_parent ON posts(parent_id) WHERE parent_id IS NOT NULL;
-- "published" order and since/until use the publication date, else the fetch date.
CREATE INDEX posts_published ON posts(COALESCE(published_at, fetched_at) DESC, id DESC);

CREATE TABLE analyses (
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  model_version TEXT NOT NULL,
  sentiment TEXT NOT NULL,
  sentiment_score REAL NOT NULL,
  complaint INTEGER NOT NULL,
  complaint_confidence REAL NOT NULL,
  resolved INTEGER NOT NULL,
  severity REAL,
  categories_json TEXT NOT NULL,
  grievances_json TEXT NOT NULL,
  acts_json TEXT NOT NULL,
  evidence_json TEXT NOT NULL,
  analysed_at TEXT NOT NULL,
  PRIMARY KEY (post_id, model_version)
);

-- rank is copied from scores so that "posts of brand X by priority" is one index scan.
CREATE TABLE brand_mentions (
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  brand_id TEXT NOT NULL,
  target INTEGER NOT NULL,
  confidence REAL NOT NULL,
  sentiment TEXT NOT NULL,
  count INTEGER NOT NULL,
  reasons_json TEXT NOT NULL,
  spans_json TEXT NOT NULL DEFAULT '[]',
  rank REAL NOT NULL,
  PRIMARY KEY (post_id, brand_id)
);
CREATE INDEX brand_mentions_rank ON brand_mentions(brand_id, rank DESC, post_id DESC);

CREATE TABLE scores (
  post_id TEXT PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
  severity REAL NOT NULL,
  severity_json TEXT NOT NULL,
  reach REAL NOT NULL,
  reach_json TEXT NOT NULL,
  priority REAL NOT NULL,
  priority_json TEXT NOT NULL,
  rank REAL NOT NULL,
  scoring_version TEXT NOT NULL,
  scored_at TEXT NOT NULL
);
CREATE INDEX scores_rank ON scores(rank DESC, post_id DESC);
CREATE INDEX scores_severity ON scores(severity DESC, post_id DESC);
CREATE INDEX scores_reach ON scores(reach DESC, post_id DESC);

-- External-content FTS: the text lives once, in posts. remove_diacritics 2 folds accents on
-- both sides, so "telecom" finds "télécom" and "probleme" finds "problème".
CREATE VIRTUAL TABLE posts_fts USING fts5(
  title, text,
  content = 'posts', content_rowid = 'fts_rowid',
  tokenize = "unicode61 remove_diacritics 2"
);
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts(rowid, title, text) VALUES (new.fts_rowid, new.title, new.text);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, text)
    VALUES ('delete', old.fts_rowid, old.title, old.text);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, text ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, text)
    VALUES ('delete', old.fts_rowid, old.title, old.text);
  INSERT INTO posts_fts(rowid, title, text) VALUES (new.fts_rowid, new.title, new.text);
END;
`;

// Version 2: what the brand managers' API needs. API keys are stored hashed (sha256) with a
// short visible prefix; feedback is a person's correction, kept beside the analysis, never
// applied to it. brand_mentions gets the post's date, whether the complaint is aimed at the
// brand, and the severity, so a brand's summary and trend are one covering-index range scan.
// origin tells rows added over the API from those mirrored from the config file, so that a
// config sync does not disable what an admin added.
const apiSchema = `
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('reader', 'admin')),
  brands_json TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  key_id TEXT,
  sentiment TEXT,
  complaint INTEGER,
  target TEXT,
  note TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX feedback_post ON feedback(post_id, id);

ALTER TABLE sources ADD COLUMN origin TEXT NOT NULL DEFAULT 'config';
ALTER TABLE brands ADD COLUMN origin TEXT NOT NULL DEFAULT 'config';

ALTER TABLE brand_mentions ADD COLUMN at TEXT;
ALTER TABLE brand_mentions ADD COLUMN complaint INTEGER NOT NULL DEFAULT 0;
ALTER TABLE brand_mentions ADD COLUMN severity REAL NOT NULL DEFAULT 0;
UPDATE brand_mentions SET
  at = (SELECT COALESCE(p.published_at, p.fetched_at) FROM posts p WHERE p.id = post_id),
  complaint = target AND COALESCE(
    (SELECT a.complaint FROM analyses a WHERE a.post_id = brand_mentions.post_id LIMIT 1), 0),
  severity = COALESCE((SELECT s.severity FROM scores s WHERE s.post_id = brand_mentions.post_id), 0);
CREATE INDEX brand_mentions_time
  ON brand_mentions(brand_id, at, complaint, severity, sentiment, target);

CREATE INDEX posts_cluster ON posts(cluster_id) WHERE cluster_id IS NOT NULL;
`;

// Version 4: a key-value table for what grogne generates once and keeps (the export's
// author-pseudonym secret). IF NOT EXISTS because another step may create the same table.
const metaSchema = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

// One row per (digest, local date, recipient): the claim that makes a digest go out once.
// status: sending (claimed) | sent | retry (failed, next_attempt_at set) | failed (gave up) |
// empty (nothing to say and sendEmpty off). See docs/digest.md.
const digestSendsSchema = `
CREATE TABLE digest_sends (
  digest TEXT NOT NULL,
  date TEXT NOT NULL,
  recipient TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'retry', 'failed', 'empty')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT,
  sent_at TEXT,
  claimed_by TEXT,
  claimed_at TEXT,
  PRIMARY KEY (digest, date, recipient)
);
CREATE INDEX digest_sends_due ON digest_sends(status, next_attempt_at);
`;

// Version 5: one index per sort of a brand's list, each led by the brand and ending with the
// columns the list filters on (target, severity, date), so that "brand X by priority |
// severity | published, since D, minSeverity S, target" walks one index in order and stops
// after a page, with no temporary B-tree and no table lookups to test the filters
// (unindexed, a brand's list by severity scanned every post's score).
const brandSortSchema = `
DROP INDEX brand_mentions_rank;
CREATE INDEX brand_mentions_rank
  ON brand_mentions(brand_id, rank DESC, post_id DESC, target, severity, at);
CREATE INDEX brand_mentions_severity
  ON brand_mentions(brand_id, severity DESC, post_id DESC, target, at);
CREATE INDEX brand_mentions_published
  ON brand_mentions(brand_id, at DESC, post_id DESC, target, severity);
-- A full-text query goes from up to 5,000 matches to their posts and sort keys: these two
-- covering indexes answer each step without reading the post or its score explanations
-- (at 1M posts, ~4x fewer page reads for a common word).
-- A brand's trend groups its mentions by UTC day or hour (the first 10 or 13 characters of
-- the ISO date): indexed on that very expression, the groups come out of the index in order,
-- with no sort of every mention in the window (stats.ts brandBuckets; ~10x at 1M posts).
CREATE INDEX brand_mentions_day
  ON brand_mentions(brand_id, substr(at, 1, 10), at, complaint, severity);
CREATE INDEX brand_mentions_hour
  ON brand_mentions(brand_id, substr(at, 1, 13), at, complaint, severity);
CREATE INDEX posts_fts_id ON posts(fts_rowid, id);
CREATE INDEX scores_post_sort ON scores(post_id, rank, severity, reach);
`;

// Version 6: the settings of a source that have no column of their own (fullText, comments,
// brand, selectors, and whatever the config's source schema gains later), as one JSON object.
// NULL on rows written before this step: the crawler then takes them from the config file's
// entry of the same id, as it did before, and the next config sync fills them in.
const sourceOptionsSchema = `
ALTER TABLE sources ADD COLUMN options_json TEXT;
`;

// Version 7: the search language (src/search, store/search.ts). posts_search replaces posts_fts:
// the title, text and author as written, for phrases, prefixes and author:, and the stems of
// the title and text, for words (facture finds factures, facturée, facturation). Contentless:
// it holds the index only, the text stays once, in posts; contentless_delete lets a trigger
// delete a row by rowid alone. The stems come from grogne_stems(), a JS function each writing
// connection registers (openStore does), so the stemmer has one definition, in src/search.
// saved_searches: named queries, with the brands of the key that saved them (NULL: all).
const searchSchema = `
DROP TRIGGER posts_fts_insert;
DROP TRIGGER posts_fts_delete;
DROP TRIGGER posts_fts_update;
DROP TABLE posts_fts;
CREATE VIRTUAL TABLE posts_search USING fts5(
  title, text, author, title_stem, text_stem,
  content = '', contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO posts_search(rowid, title, text, author, title_stem, text_stem)
  SELECT fts_rowid, title, text, author, ${STEMS_FUNCTION}(title), ${STEMS_FUNCTION}(text)
  FROM posts;
CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_search(rowid, title, text, author, title_stem, text_stem)
    VALUES (new.fts_rowid, new.title, new.text, new.author,
      ${STEMS_FUNCTION}(new.title), ${STEMS_FUNCTION}(new.text));
END;
CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
  DELETE FROM posts_search WHERE rowid = old.fts_rowid;
END;
CREATE TRIGGER posts_search_update AFTER UPDATE OF title, text, author ON posts BEGIN
  DELETE FROM posts_search WHERE rowid = old.fts_rowid;
  INSERT INTO posts_search(rowid, title, text, author, title_stem, text_stem)
    VALUES (new.fts_rowid, new.title, new.text, new.author,
      ${STEMS_FUNCTION}(new.title), ${STEMS_FUNCTION}(new.text));
END;

CREATE TABLE saved_searches (
  name TEXT PRIMARY KEY,
  query TEXT NOT NULL,
  brands_json TEXT,
  key_id TEXT,
  created_at TEXT NOT NULL
);
`;

// Version 8: every filter of /v1/posts that is not a brand, a category or full text is tested
// inside the index a list walks, never by reading the post or its analysis. scores, the one
// row per post that holds the sort keys, gets copies of the post's date (the "published"
// key), source and language and of its analysis' complaint and sentiment, written with the
// scores (write-rows.ts upsertScores). Each sort index then covers every such filter: a list
// reads index entries in the order asked, tests the filters on them, and stops after a page.
// Before, a complaint filter made SQLite scan every analysis and sort the matches (~0.75 s at
// 1M posts), and a rare filter value read every post row (seconds). The complaint-led
// indexes serve the brand managers' usual filter without walking past the other kind: the
// posts that are not complaints sit at the bottom of the severity and priority orders.
// brand_mentions gets the post's reach, as it has its rank and severity (migration 5).
// docs/operations.md "Query plans" lists the strategy of each filter and sort.
const filterCopiesSchema = `
DROP INDEX scores_rank;
DROP INDEX scores_severity;
DROP INDEX scores_reach;
DROP INDEX scores_post_sort;
ALTER TABLE scores ADD COLUMN at TEXT;
ALTER TABLE scores ADD COLUMN complaint INTEGER;
ALTER TABLE scores ADD COLUMN sentiment TEXT;
ALTER TABLE scores ADD COLUMN source_id TEXT;
ALTER TABLE scores ADD COLUMN lang TEXT;
UPDATE scores SET
  (at, source_id, lang) = (SELECT COALESCE(p.published_at, p.fetched_at), p.source_id, p.lang
    FROM posts p WHERE p.id = scores.post_id),
  (complaint, sentiment) = (SELECT a.complaint, a.sentiment FROM analyses a
    WHERE a.post_id = scores.post_id ORDER BY a.analysed_at DESC LIMIT 1);
CREATE INDEX scores_rank
  ON scores(rank DESC, post_id DESC, complaint, severity, at, source_id, sentiment, lang);
CREATE INDEX scores_severity
  ON scores(severity DESC, post_id DESC, complaint, at, source_id, sentiment, lang);
CREATE INDEX scores_reach
  ON scores(reach DESC, post_id DESC, complaint, severity, at, source_id, sentiment, lang);
CREATE INDEX scores_published
  ON scores(at DESC, post_id DESC, complaint, severity, source_id, sentiment, lang);
CREATE INDEX scores_complaint_rank
  ON scores(complaint, rank DESC, post_id DESC, severity, at, source_id, sentiment, lang);
CREATE INDEX scores_complaint_severity
  ON scores(complaint, severity DESC, post_id DESC, at, source_id, sentiment, lang);
CREATE INDEX scores_complaint_reach
  ON scores(complaint, reach DESC, post_id DESC, severity, at, source_id, sentiment, lang);
CREATE INDEX scores_complaint_published
  ON scores(complaint, at DESC, post_id DESC, severity, source_id, sentiment, lang);
-- A brand's list and a full-text query go from a post id to its sort keys and filter copies.
CREATE INDEX scores_post_sort
  ON scores(post_id, rank, severity, reach, at, complaint, sentiment, source_id, lang);
-- A brand's list by reach walks its own slice too, instead of every post's reach (a brand
-- named in one post in a thousand read the whole reach index).
ALTER TABLE brand_mentions ADD COLUMN reach REAL NOT NULL DEFAULT 0;
UPDATE brand_mentions SET
  reach = COALESCE((SELECT s.reach FROM scores s WHERE s.post_id = brand_mentions.post_id), 0);
CREATE INDEX brand_mentions_reach
  ON brand_mentions(brand_id, reach DESC, post_id DESC, target, severity, at);
`;

// Version 9: store-wide counts kept by triggers as rows are written, so that a /metrics
// scrape reads a few rows instead of scanning every analysis (180 ms at 200,000 posts, the
// event loop held all along). Right for every writer of the file: crawls, imports, rescores,
// other processes. Seeded from the tables as they are when the step runs.
const storeCountsSchema = `
CREATE TABLE store_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO store_counts (name, n) SELECT 'posts', COUNT(*) FROM posts;
INSERT INTO store_counts (name, n)
  SELECT 'analyses:' || sentiment, COUNT(*) FROM analyses GROUP BY sentiment;
CREATE TRIGGER store_counts_posts_insert AFTER INSERT ON posts BEGIN
  INSERT INTO store_counts (name, n) VALUES ('posts', 1)
    ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER store_counts_posts_delete AFTER DELETE ON posts BEGIN
  UPDATE store_counts SET n = n - 1 WHERE name = 'posts';
END;
CREATE TRIGGER store_counts_analyses_insert AFTER INSERT ON analyses BEGIN
  INSERT INTO store_counts (name, n) VALUES ('analyses:' || NEW.sentiment, 1)
    ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER store_counts_analyses_delete AFTER DELETE ON analyses BEGIN
  UPDATE store_counts SET n = n - 1 WHERE name = 'analyses:' || OLD.sentiment;
END;
CREATE TRIGGER store_counts_analyses_update AFTER UPDATE OF sentiment ON analyses
WHEN OLD.sentiment IS NOT NEW.sentiment BEGIN
  UPDATE store_counts SET n = n - 1 WHERE name = 'analyses:' || OLD.sentiment;
  INSERT INTO store_counts (name, n) VALUES ('analyses:' || NEW.sentiment, 1)
    ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
`;

// Version 10: the team's workflow on a post (docs/api.md "Workflow"). One row per post that
// someone handled or assigned; notes are kept apart, one row each, oldest first. An editor
// role joins reader and admin: SQLite cannot change a CHECK in place, so api_keys is rebuilt.
const workflowSchema = `
CREATE TABLE api_keys_v7 (
  id TEXT PRIMARY KEY,
  name TEXT,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  brands_json TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
INSERT INTO api_keys_v7 SELECT id, name, prefix, hash, role, brands_json, created_at, revoked_at
  FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_v7 RENAME TO api_keys;

CREATE TABLE post_workflow (
  post_id TEXT PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
  handled_at TEXT,
  handled_by_key TEXT,
  handled_by_name TEXT,
  assignee TEXT,
  updated_at TEXT NOT NULL
);
-- "?handled=false" and the digest test each post against this small index.
CREATE INDEX post_workflow_handled ON post_workflow(post_id) WHERE handled_at IS NOT NULL;
CREATE INDEX post_workflow_assignee ON post_workflow(assignee) WHERE assignee IS NOT NULL;

CREATE TABLE post_notes (
  id INTEGER PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  author_key TEXT,
  author_name TEXT,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX post_notes_post ON post_notes(post_id, id);
`;

// Version 11: spike alerts (docs/alerts.md). One row per spike of a brand, keyed by the hour it
// began, so that a spike found again by the next check is the same row and is not sent twice.
// alert_sends is the per-recipient ledger, claimed before sending like digest_sends.
const alertsSchema = `
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  count INTEGER NOT NULL,
  baseline REAL NOT NULL,
  p_value REAL NOT NULL,
  post_ids_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'stored')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (brand_id, window_start)
);
CREATE INDEX alerts_recent ON alerts(window_end DESC, id DESC);
CREATE INDEX alerts_brand ON alerts(brand_id, window_end DESC);
CREATE INDEX alerts_pending ON alerts(state) WHERE state = 'pending';

CREATE TABLE alert_sends (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  recipient TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'retry', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT,
  sent_at TEXT,
  claimed_by TEXT,
  claimed_at TEXT,
  PRIMARY KEY (alert_id, recipient)
);
`;

// Version 12: alerts per watch, a brand's complaints or those a search finds among them
// (docs/alerts.md, "Searches"): the key becomes (brand, search, first hour), '' for the brand's
// own watch. SQLite cannot change a table's UNIQUE, so the table is rebuilt; alert_sends, whose
// rows would cascade away with the old table, is set aside and restored around it.
const alertSearchSchema = `
CREATE TABLE alerts_v12 (
  id INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL,
  search TEXT NOT NULL DEFAULT '',
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  count INTEGER NOT NULL,
  baseline REAL NOT NULL,
  p_value REAL NOT NULL,
  post_ids_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'stored')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (brand_id, search, window_start)
);
INSERT INTO alerts_v12 (id, brand_id, window_start, window_end, count, baseline, p_value,
    post_ids_json, state, created_at, updated_at, sent_at)
  SELECT id, brand_id, window_start, window_end, count, baseline, p_value, post_ids_json, state,
    created_at, updated_at, sent_at FROM alerts;
CREATE TEMP TABLE alert_sends_v11 AS SELECT * FROM alert_sends;
DROP TABLE alert_sends;
DROP TABLE alerts;
ALTER TABLE alerts_v12 RENAME TO alerts;
CREATE INDEX alerts_recent ON alerts(window_end DESC, id DESC);
CREATE INDEX alerts_watch ON alerts(brand_id, search, window_end DESC);
CREATE INDEX alerts_pending ON alerts(state) WHERE state = 'pending';
CREATE TABLE alert_sends (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  recipient TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'retry', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT,
  sent_at TEXT,
  claimed_by TEXT,
  claimed_at TEXT,
  PRIMARY KEY (alert_id, recipient)
);
INSERT INTO alert_sends SELECT * FROM alert_sends_v11;
DROP TABLE alert_sends_v11;
`;

// Version 13: per-source crawl counters, the grogne_source_* series of /metrics. They are
// bumped in the transaction that records a crawl's outcome (store/fetch-state.ts recordFetch),
// so they count the crawls of every process writing the file (`grogne worker`s on the queue
// included) and survive restarts; a scrape reads one row per source. The last success is
// sources.last_ok_at, set by that same transaction. Counting starts at this step: earlier
// crawls are not known.
const sourceCountsSchema = `
CREATE TABLE source_counts (
  source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
  crawls_ok INTEGER NOT NULL DEFAULT 0,
  crawls_not_modified INTEGER NOT NULL DEFAULT 0,
  crawls_error INTEGER NOT NULL DEFAULT 0,
  crawls_internal_error INTEGER NOT NULL DEFAULT 0,
  items_new INTEGER NOT NULL DEFAULT 0,
  items_updated INTEGER NOT NULL DEFAULT 0,
  items_unchanged INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
`;

// Version 14: the store's generation, a number that every committed write changes, kept by
// triggers so that it is right for every writer of the file (crawl workers, imports, rescores,
// another process). The API derives its ETags from it (src/api/http-cache.ts): a client that
// revalidates gets its 304 without the query being run again. Each table an answer is read
// from bumps it on insert, update and delete; the tables kept by triggers of their own
// (store_counts, posts_search and its shadow tables) follow posts and analyses. The list is
// this step's: a table added later adds its own triggers in its own step
// (test/store/generation.test.ts fails on a table that has none). A trigger costs ~3 µs a
// row written, about five rows a saved post: ~1% of a post's save.
const GENERATION_TABLES = [
  'sources',
  'brands',
  'posts',
  'analyses',
  'scores',
  'brand_mentions',
  'api_keys',
  'feedback',
  'digest_sends',
  'meta',
  'saved_searches',
  'post_workflow',
  'post_notes',
  'alerts',
  'alert_sends',
  'source_counts',
];
const generationSchema = `
CREATE TABLE store_generation (one INTEGER PRIMARY KEY CHECK (one = 1), n INTEGER NOT NULL);
INSERT INTO store_generation (one, n) VALUES (1, 0);
${GENERATION_TABLES.flatMap((table) =>
  ['insert', 'update', 'delete'].map(
    (op) => `CREATE TRIGGER store_generation_${table}_${op} AFTER ${op.toUpperCase()} ON ${table}
BEGIN UPDATE store_generation SET n = n + 1; END;`,
  ),
).join('\n')}
`;

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: (db) => db.exec(initialSchema) },
  { version: 2, name: 'api keys, feedback, brand time index', up: (db) => db.exec(apiSchema) },
  { version: 3, name: 'digest sends', up: (db) => db.exec(digestSendsSchema) },
  { version: 4, name: 'meta key-value table', up: (db) => db.exec(metaSchema) },
  { version: 5, name: 'brand sort indexes', up: (db) => db.exec(brandSortSchema) },
  { version: 6, name: 'source options', up: (db) => db.exec(sourceOptionsSchema) },
  {
    version: 7,
    name: 'search index with stems, saved searches',
    up: (db) => {
      registerSearchFunctions(db);
      db.exec(searchSchema);
    },
  },
  {
    version: 8,
    name: 'filter copies in the sort indexes',
    up: (db) => db.exec(filterCopiesSchema),
  },
  { version: 9, name: 'store counts', up: (db) => db.exec(storeCountsSchema) },
  { version: 10, name: 'post workflow, editor keys', up: (db) => db.exec(workflowSchema) },
  { version: 11, name: 'spike alerts', up: (db) => db.exec(alertsSchema) },
  { version: 12, name: 'alerts on searches', up: (db) => db.exec(alertSearchSchema) },
  { version: 13, name: 'per-source crawl counters', up: (db) => db.exec(sourceCountsSchema) },
  { version: 14, name: 'store generation', up: (db) => db.exec(generationSchema) },
];

function currentVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Steps not yet applied to this database, in order. */
export function pendingMigrations(db: Db): Migration[] {
  const v = currentVersion(db);
  return migrations.filter((m) => m.version > v);
}

/** Applies every pending step, each in its own transaction; returns the versions crossed. */
export function migrate(db: Db): { from: number; to: number } {
  // The posts_search triggers call it: a connection migrated here may write posts next.
  registerSearchFunctions(db);
  const from = currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new Error(
      `database schema version ${from} is newer than this grogne (${latest}): upgrade grogne`,
    );
  }
  for (const m of pendingMigrations(db)) {
    // IMMEDIATE, and the version read again under the lock: processes opening a new file
    // together (crawl workers) apply each step once, the others finding it done.
    db.transaction(() => {
      if (currentVersion(db) >= m.version) return;
      m.up(db);
      // PRAGMA takes no bound parameters; version is an integer from the list above.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: currentVersion(db) };
}

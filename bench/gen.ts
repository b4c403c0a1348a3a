// Fills a store with N synthetic scored posts, fast: prepared statements, one transaction per
// 10,000 posts, and the FTS triggers left on so full-text filters work. French text with
// accents; a few brands; severity and reach skewed as real ones are (most posts are mild).
import { type Db, openStore } from '../src/store/open.ts';
import { syncBrands, syncSources } from '../src/store/write.ts';

const BRANDS = ['sfr', 'orange', 'free', 'bouygues'];
const SOURCES = ['blog-a', 'blog-b', 'forum-a', 'forum-b'];
const WORDS = [
  'facture',
  'réseau',
  'coupure',
  'résiliation',
  'conseiller',
  'attente',
  'débit',
  'fibre',
  'téléphone',
  'défectueux',
  'remboursement',
  'scandaleux',
  'enfer',
  'service',
  'client',
  'box',
  'forfait',
  'problème',
  'réglé',
  'merci',
  'hotline',
  'technicien',
  'rendez-vous',
];
const CATEGORIES = ['billing', 'network', 'support', 'device', 'contract'];

/** A small deterministic PRNG (mulberry32), so the same N gives the same database. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generate(path: string, posts: number, wordsPerPost = 60, withFts = false): Db {
  const db = openStore(path);
  db.pragma('synchronous = OFF');
  syncSources(
    db,
    SOURCES.map((id) => ({
      id,
      kind: id.startsWith('forum') ? ('forum' as const) : ('feed' as const),
      file: `${id}.xml`,
      interval: 1800,
      enabled: true,
    })),
  );
  syncBrands(
    db,
    BRANDS.map((id) => ({
      id,
      name: id.toUpperCase(),
      aliases: [id.toUpperCase()],
      handles: [],
      caseSensitive: true,
      exclude: [],
      context: [],
    })),
  );
  const rnd = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const insPost = db.prepare(`
    INSERT INTO posts (id, fts_rowid, source_id, guid, url, dedup_key, title, text, author,
      published_at, fetched_at, updated_at, lang, lang_confidence, content_hash)
    VALUES (@id, @n, @source, @id, @url, @id, @title, @text, @author, @at, @at, @at, 'fra', 0.99,
      @id)`);
  const insAnalysis = db.prepare(`
    INSERT INTO analyses (post_id, model_version, sentiment, sentiment_score, complaint,
      complaint_confidence, resolved, severity, categories_json, grievances_json, acts_json,
      evidence_json, analysed_at)
    VALUES (@id, 'bench-1', @sentiment, @score, @complaint, 0.8, 0, @severity, @categories, '[]',
      '[]', @evidence, @at)`);
  const insMention = db.prepare(`
    INSERT INTO brand_mentions (post_id, brand_id, target, confidence, sentiment, count,
      reasons_json, spans_json, rank)
    VALUES (@id, @brand, @target, 0.9, @sentiment, 1, '["named"]', '[]', @rank)`);
  const insScores = db.prepare(`
    INSERT INTO scores (post_id, severity, severity_json, reach, reach_json, priority,
      priority_json, rank, scoring_version, scored_at)
    VALUES (@id, @severity, @sevJson, @reach, @reachJson, @priority, @prioJson, @rank, 'score-1',
      @at)`);
  // The full-text index is not what an export bench measures, and feeding it is most of the
  // generation time: its insert trigger is off while generating (posts_fts stays empty).
  const trigger = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'posts_fts_insert'",
    )
    .get();
  if (!withFts && trigger) db.exec('DROP TRIGGER posts_fts_insert');
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const id = n.toString(16).padStart(16, '0');
      const words: string[] = [];
      for (let w = 0; w < wordsPerPost; w++) words.push(pick(WORDS));
      const severity = Math.round(100 * rnd() ** 3 * 10) / 10;
      const reach = Math.round(10 ** (1 + 4 * rnd()));
      const priority = Math.round(severity * Math.log10(reach) * 10) / 10;
      const at = new Date(t0 + n * 30_000).toISOString();
      const complaint = severity > 20 ? 1 : 0;
      const sentiment = complaint ? 'negative' : rnd() < 0.5 ? 'neutral' : 'positive';
      const row = {
        id,
        n: n + 1,
        source: SOURCES[n % SOURCES.length],
        url: `https://exemple.fr/p/${id}`,
        title: `Billet ${n} : ${pick(WORDS)} ${pick(WORDS)}`,
        text: `${words.join(' ')}.`,
        author: `auteur-${n % 5000}`,
        at,
        sentiment,
        score: complaint ? -0.6 : 0.2,
        complaint,
        severity,
        categories: JSON.stringify(complaint ? [pick(CATEGORIES)] : []),
        evidence: JSON.stringify([{ start: 0, end: 7, text: words[0], reason: 'lexicon' }]),
        reach,
        priority,
        rank: priority,
        sevJson: JSON.stringify({
          value: severity,
          components: { complaint: severity },
          reasons: [],
          version: 'score-1',
        }),
        reachJson: JSON.stringify({
          value: reach,
          components: { audience: reach },
          reasons: [],
          version: 'score-1',
        }),
        prioJson: JSON.stringify({
          value: priority,
          components: { rank: priority },
          reasons: [],
          version: 'score-1',
        }),
      };
      insPost.run(row);
      insAnalysis.run(row);
      insScores.run(row);
      const first = BRANDS[n % BRANDS.length]!;
      insMention.run({ ...row, brand: first, target: complaint });
      // One post in five names a second brand in passing.
      if (n % 5 === 0) {
        insMention.run({ ...row, brand: BRANDS[(n + 1) % BRANDS.length], target: 0 });
      }
    }
  });
  for (let from = 0; from < posts; from += 10_000) batch(from, Math.min(posts, from + 10_000));
  if (!withFts && trigger) db.exec(trigger.sql);
  db.pragma('synchronous = NORMAL');
  return db;
}

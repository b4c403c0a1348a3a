// `npm run bench digest`: one digest over 10 brands and 10,000 candidate posts (two weeks and a
// day of complaints), against the raw SQL selection of the same top posts as the baseline.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config.ts';
import { buildDigest } from '../src/digest/build.ts';
import { windowOf } from '../src/digest/calendar.ts';
import { outboxMailer } from '../src/digest/deliver.ts';
import { renderDigest } from '../src/digest/render.ts';
import { scorePost } from '../src/score/index.ts';
import { digestCandidates } from '../src/store/digest.ts';
import { openStore } from '../src/store/open.ts';
import { type SaveItem, savePosts, syncSources } from '../src/store/write.ts';
import type { Analysis, IngestedPost } from '../src/types.ts';
import { type BenchResult, measure } from './harness.ts';

const POSTS = 10_000;
const BRANDS = Array.from({ length: 10 }, (_, i) => `brand${i}`);
const DATE = '2026-03-29';
const REPS = 20;
const CATEGORIES = ['billing', 'network', 'support', 'contract', 'device'];

export function corpus(until: number): SaveItem[] {
  const span = 15 * 24 * 3_600_000;
  return Array.from({ length: POSTS }, (_, i) => {
    // Deterministic spread: every brand, every hour of the 15 days, 70 % complaints.
    const t = new Date(until - Math.floor((((i * 7919) % POSTS) / POSTS) * span) - 1).toISOString();
    const brand = BRANDS[i % BRANDS.length]!;
    // Independent of the brand (i % 10), so every brand has complaints.
    const complaint = Math.floor(i / 10) % 10 < 7;
    const text = `Billet ${i}. ${brand} ne répond plus depuis ${i % 30} jours, je résilie. Voilà.`;
    const post: IngestedPost = {
      sourceId: 'blog',
      guid: `p${i}`,
      url: `https://example.fr/p${i}`,
      dedupKey: `p${i}`,
      title: `Réclamation ${i} <${brand}>`,
      text,
      author: `auteur ${i % 500}`,
      publishedAt: t,
      fetchedAt: t,
      categories: [],
      engagement: { comments: i % 50, replies: null, views: null, position: null },
      parentKey: null,
      malformed: false,
    };
    const at = text.indexOf('je résilie');
    const analysis: Analysis = {
      lang: 'fra',
      langConfidence: 0.99,
      sentiment: 'negative',
      sentimentScore: -((i % 10) / 10),
      complaint,
      complaintConfidence: complaint ? 0.5 + (i % 5) / 10 : 0.1,
      resolved: false,
      brands: [
        {
          id: brand,
          target: true,
          confidence: 0.9,
          sentiment: 'negative',
          count: 1,
          reasons: [],
          spans: [],
        },
      ],
      categories: [CATEGORIES[i % 5]!, CATEGORIES[(i * 3) % 5]!],
      grievances: [],
      acts: i % 3 === 0 ? ['churn'] : [],
      evidence: [{ start: at, end: at + 10, text: 'je résilie', reason: 'act: churn' }],
      modelVersion: 'bench',
    };
    return {
      post,
      analysis,
      scores: scorePost(
        post,
        analysis,
        { id: 'blog', kind: 'feed', audience: 800 },
        new Date(until),
      ),
    };
  });
}

export async function run(): Promise<BenchResult> {
  const file = join(tmpdir(), `grogne-digest-bench-${process.pid}.db`);
  const outbox = join(tmpdir(), `grogne-digest-bench-outbox-${process.pid}`);
  const config = parseConfig({
    brands: BRANDS.map((id) => ({ id, name: id.toUpperCase() })),
    sources: [{ id: 'blog', kind: 'feed', file: 'blog.xml' }],
    digests: [{ name: 'bench', brands: BRANDS, top: 10, pseudonymiseAuthors: false }],
  });
  const d = config.digests[0]!;
  const { since, until } = windowOf(DATE, d);
  const db = openStore(file);
  try {
    syncSources(db, config.sources);
    savePosts(db, 'blog', corpus(until));
    const iso = (ms: number) => new Date(ms).toISOString();
    let shown = 0;
    const baseline = await measure('raw SQL top-10 selection × 10 brands', POSTS * REPS, () => {
      for (let r = 0; r < REPS; r++) {
        for (const brand of BRANDS) {
          shown = digestCandidates(db, {
            brand,
            since: iso(since),
            until: iso(until),
            minSeverity: 0,
            limit: 10,
          }).length;
        }
      }
    });
    let bytes = 0;
    const full = await measure('select + counts + 14-day chart + render', POSTS * REPS, () => {
      for (let r = 0; r < REPS; r++) {
        const digest = buildDigest(db, d, DATE, { brands: config.brands });
        const out = renderDigest(digest);
        bytes = out.html.length + out.text.length;
      }
    });
    const mailer = outboxMailer(outbox);
    const delivered = await measure(
      '… + outbox delivery (.eml + .html)',
      POSTS * REPS,
      async () => {
        for (let r = 0; r < REPS; r++) {
          const out = renderDigest(buildDigest(db, d, DATE, { brands: config.brands }));
          await mailer.send({
            from: 'grogne <grogne@localhost>',
            to: 'cm@example.fr',
            subject: out.subject,
            html: out.html,
            text: out.text,
            messageId: `<grogne.bench.${DATE}.${r}@grogne.localhost>`,
            date: new Date(until),
          });
        }
      },
    );
    mailer.close();
    full.extra = { 'ms/digest': ((full.seconds * 1000) / REPS).toFixed(1), bytes };
    baseline.extra = {
      'ms/run': ((baseline.seconds * 1000) / REPS).toFixed(1),
      shownPerBrand: shown,
    };
    delivered.extra = { 'ms/digest': ((delivered.seconds * 1000) / REPS).toFixed(1) };
    return {
      benchmark: 'digest',
      description: `one digest, ${BRANDS.length} brands, ${POSTS} candidate posts over 15 days (${REPS} runs each; items = posts × runs)`,
      measures: [baseline, full, delivered],
    };
  } finally {
    db.close();
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    rmSync(outbox, { recursive: true, force: true });
  }
}

// Generates a large synthetic store for the API benchmark, straight into SQLite: prepared
// statements in big transactions, FTS filled by the posts trigger. Distributions: most posts
// are not complaints (low severity); complaints spread 25–100; reach is log-normal (most posts
// reach tens of readers, a few tens of thousands); dates spread over 90 days.
import { priority } from '../src/score/priority.ts';
import { SCORING_VERSION } from '../src/score/version.ts';
import type { Db } from '../src/store/open.ts';

export const BRANDS = ['sfr', 'orange', 'free', 'bouygues', 'sosh', 'red'];
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

/** A small deterministic PRNG (mulberry32): the same store on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generate(db: Db, n: number, now: Date): void {
  const random = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  db.pragma('synchronous = OFF');
  const at = now.toISOString();
  const insertSource = db.prepare(
    "INSERT INTO sources (id, kind, url, interval_s, created_at) VALUES (?, 'feed', ?, 1800, ?)",
  );
  const insertBrand = db.prepare('INSERT INTO brands (id, name, config_json) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let s = 0; s < 50; s++) insertSource.run(`src${s}`, `https://s${s}.example.fr/feed`, at);
    for (const b of BRANDS) {
      insertBrand.run(b, b.toUpperCase(), JSON.stringify({ id: b, name: b.toUpperCase() }));
    }
  })();
  const post = db.prepare(`
    INSERT INTO posts (id, fts_rowid, source_id, guid, url, dedup_key, title, text, author,
      published_at, fetched_at, updated_at, lang, lang_confidence, categories_json, comments,
      content_hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'auteur', ?, ?, ?, 'fra', 0.95, '[]', ?, 'h')`);
  const analysis = db.prepare(`
    INSERT INTO analyses (post_id, model_version, sentiment, sentiment_score, complaint,
      complaint_confidence, resolved, severity, categories_json, grievances_json, acts_json,
      evidence_json, analysed_at)
    VALUES (?, 'bench', ?, ?, ?, 0.8, 0, ?, ?, '[]', '[]', '[]', ?)`);
  const mention = db.prepare(`
    INSERT INTO brand_mentions (post_id, brand_id, target, confidence, sentiment, count,
      reasons_json, rank, at, complaint, severity)
    VALUES (?, ?, ?, 0.9, ?, 1, '[]', ?, ?, ?, ?)`);
  const score = db.prepare(`
    INSERT INTO scores (post_id, severity, severity_json, reach, reach_json, priority,
      priority_json, rank, scoring_version, scored_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const categories = ['billing', 'network', 'support', 'delivery', 'device', 'contract'];
  const span = 90 * 86_400_000;
  const BATCH = 50_000;
  for (let start = 0; start < n; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const id = i.toString(16).padStart(16, '0');
        const words: string[] = [];
        const len = 12 + Math.floor(random() * 30);
        for (let w = 0; w < len; w++) words.push(pick(WORDS));
        const brand = pick(BRANDS);
        const complaint = random() < 0.35;
        const sev = complaint ? 25 + 75 * random() ** 1.5 : 30 * random();
        const reach = Math.round(Math.exp(2 + 2 * (random() + random() + random() - 1.5) * 1.6));
        const published = new Date(now.getTime() - random() * span).toISOString();
        const p = priority(
          { severity: sev, reach, publishedAt: published, fetchedAt: published },
          now,
        );
        const rank = p.components.rank!;
        const sentiment =
          complaint || random() < 0.2 ? 'negative' : random() < 0.7 ? 'neutral' : 'positive';
        post.run(
          id,
          i + 1,
          `src${i % 50}`,
          id,
          `https://s${i % 50}.example.fr/p/${i}`,
          id,
          `${brand.toUpperCase()} ${words.slice(0, 4).join(' ')}`,
          `${brand.toUpperCase()} ${words.join(' ')}.`,
          published,
          published,
          at,
          Math.floor(random() * 20),
        );
        const cats = complaint ? JSON.stringify([pick(categories)]) : '[]';
        analysis.run(id, sentiment, complaint ? -0.6 : 0.1, complaint ? 1 : 0, sev, cats, at);
        const explained = (value: number, c: Record<string, number>) =>
          JSON.stringify({ value, components: c, reasons: ['bench'], version: SCORING_VERSION });
        score.run(
          id,
          sev,
          explained(sev, { complaint: complaint ? 1 : 0 }),
          reach,
          explained(reach, { audience: reach }),
          p.value,
          JSON.stringify(p),
          rank,
          SCORING_VERSION,
          at,
        );
        mention.run(
          id,
          brand,
          complaint ? 1 : 0,
          sentiment,
          rank,
          published,
          complaint ? 1 : 0,
          sev,
        );
        if (random() < 0.15) {
          const other = pick(BRANDS);
          if (other !== brand) mention.run(id, other, 0, 'neutral', rank, published, 0, sev);
        }
      }
    })();
  }
  db.pragma('synchronous = NORMAL');
  db.exec('ANALYZE');
}

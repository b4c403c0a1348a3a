// Every reason the scoring stage writes must reach a French community manager in French. The
// reasons are taken from the real thing: the demo corpus, crawled, analysed and scored as
// `grogne start` does it, plus the branches the demo does not reach (a configured audience,
// comments, a non-French post, a solved problem), made by the scoring functions themselves.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { CATALOGUES } from '../../src/digest/i18n.ts';
import { frenchReason } from '../../src/digest/reasons.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { loadModels } from '../../src/nlp/model/models.ts';
import { crawlAll } from '../../src/pipeline.ts';
import { reach } from '../../src/score/reach.ts';
import { SEVERITY_WEIGHTS, severity } from '../../src/score/severity.ts';
import { openStore } from '../../src/store/open.ts';
import { syncSources } from '../../src/store/write.ts';
import type { Analysis } from '../../src/types.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const fr = CATALOGUES.fr;
const words = { num: fr.num, category: fr.category };

async function demoReasons(): Promise<string[]> {
  const { config, baseDir } = loadConfig(`${ROOT}grogne.config.json`);
  const db = openStore(':memory:');
  syncSources(db, config.sources);
  const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
  await crawlAll({
    db,
    config,
    baseDir,
    analyzer,
    now: () => new Date('2026-11-25T10:00:00Z'),
    random: () => 0.5,
  });
  const rows = db.prepare('SELECT severity_json, reach_json, priority_json FROM scores').all() as {
    severity_json: string;
    reach_json: string;
    priority_json: string;
  }[];
  db.close();
  return rows.flatMap((r) => [
    ...(JSON.parse(r.severity_json) as { reasons: string[] }).reasons,
    ...(JSON.parse(r.reach_json) as { reasons: string[] }).reasons,
    // Priority's too: the dashboard shows them (src/web/client/post.tsx).
    ...(JSON.parse(r.priority_json) as { reasons: string[] }).reasons,
  ]);
}

function otherReasons(): string[] {
  const base: Analysis = (() => {
    const a = {
      lang: 'fra',
      sentimentScore: -0.6,
      complaint: true,
      complaintConfidence: 0.8,
      grievances: [{ category: 'billing' }, { category: 'network' }],
      acts: Object.keys(SEVERITY_WEIGHTS.acts),
      brands: [],
      resolved: true,
    };
    return a as unknown as Analysis;
  })();
  return [
    ...severity(base).reasons,
    ...severity({ ...base, lang: 'eng' }).reasons,
    ...severity({ ...base, complaint: false }).reasons,
    ...severity({ ...base, complaint: false, sentimentScore: 0.2 }).reasons,
    ...reach(
      { engagement: { views: 5000, comments: 12, replies: 40, position: 8 } } as never,
      { kind: 'forum', audience: 2500 } as never,
    ).reasons,
    ...reach({ engagement: {} } as never, { kind: 'page', audience: null } as never).reasons,
  ];
}

describe('the scores’ reasons in a French digest', () => {
  it('has a French rendering for every reason the demo corpus and the scoring branches give', async () => {
    const demo = new Set(await demoReasons());
    // The demo gives both severity and reach reasons, several kinds of each.
    expect(demo.size).toBeGreaterThan(50);
    const reasons = [...new Set([...demo, ...otherReasons()])];
    const missing = reasons.filter((r) => frenchReason(r, words) === null);
    expect(missing).toEqual([]);
    for (const r of reasons) {
      const said = frenchReason(r, words)!;
      // No English word left, no decimal point.
      expect(said).not.toMatch(
        /\b(complaint|confidence|tone|aimed|watched|readers|default|source audience|grievance|acts)\b/,
      );
      expect(said).not.toMatch(/\d\.\d/);
    }
  }, 120_000);

  it.each([
    ['complaint (confidence 0.87)', 'réclamation (confiance 0,87)'],
    ['negative tone (0.45)', 'ton négatif (0,45)'],
    ['2 grievance(s): billing, network', '2 griefs : facturation, réseau'],
    ['acts: churn, legal', 'menace de partir, action en justice'],
    ['aimed at no watched brand: ×0.6', 'ne vise aucune marque suivie : ×0,6'],
    ['source audience 1200 (configured)', 'audience de la source : 1\u202f200 (configurée)'],
    [
      'source audience 300 (default for a feed)',
      'audience de la source : 300 (par défaut pour un flux)',
    ],
    ['12 comments ≈ 1200 readers', '12 commentaires ≈ 1\u202f200 lecteurs'],
    ['post #8 in its thread: read by 59%', 'message nº 8 du fil : lu par 59 % des lecteurs'],
    ['severity 95', 'gravité 95'],
    [
      'reach factor 0.70 (log scale, saturates at 100,000)',
      'facteur de portée 0,70 (échelle logarithmique, plafond à 100\u202f000)',
    ],
    ['531 h old, half-life 336 h: ×0.33', 'publié il y a 531 h, demi-vie 336 h : ×0,33'],
    ['1234 h old, half-life 48 h: ×0.00', 'publié il y a 1\u202f234 h, demi-vie 48 h : ×0,00'],
  ])('%s → %s', (en, said) => expect(frenchReason(en, words)).toBe(said));

  it('joins them on one line, and leaves an English digest as scored', () => {
    const rs = ['complaint (confidence 0.90)', 'acts: churn'];
    expect(fr.reasons(rs)).toBe('réclamation (confiance 0,90) ; menace de partir');
    expect(CATALOGUES.en.reasons(rs)).toBe('complaint (confidence 0.90); acts: churn');
  });
});

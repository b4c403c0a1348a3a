// Every reason the post view shows must have a kind (src/web/client/reasons.ts) that says it in
// French and in English. The reasons are taken from the real thing: the demo corpus crawled and
// analysed as `grogne start` does it, plus texts written to reach the branches the demo does not
// (a brand addressed by @handle, a shop where something was bought, a non-French post…). Every
// kind must be reached by one of them: a kind whose pattern no real reason matches is a typo.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { CATEGORY_WORDS } from '../../src/digest/i18n.ts';
import { frenchReason } from '../../src/digest/reasons.ts';
import { Analyzer } from '../../src/nlp/analyzer.ts';
import { TITLE_REASON } from '../../src/nlp/brands/targets.ts';
import { aimComplaint } from '../../src/nlp/complaints/decide.ts';
import { ACT_RULES, CATEGORY_RULES } from '../../src/nlp/complaints/rules.ts';
import { loadModels } from '../../src/nlp/model/models.ts';
import { crawlAll } from '../../src/pipeline.ts';
import { openStore } from '../../src/store/open.ts';
import { getPost } from '../../src/store/read.ts';
import { syncSources } from '../../src/store/write.ts';
import type { Analysis, BrandMention } from '../../src/types.ts';
import {
  ACT_WORDS_EN,
  COMPONENT_WORDS,
  kindOf,
  REASON_KINDS,
  sayReason,
} from '../../src/web/client/reasons.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const frNum = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const enNum = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const words = {
  fr: {
    num: (n: number) => frNum.format(n),
    category: (id: string) => CATEGORY_WORDS.fr[id] ?? id,
  },
  en: {
    num: (n: number) => enNum.format(n),
    category: (id: string) => CATEGORY_WORDS.en[id] ?? id,
  },
};

/** The brand and evidence reasons of an analysis, as the API hands them on. */
function reasonsOf(a: Pick<Analysis, 'brands' | 'evidence' | 'grievances'>): string[] {
  return [
    ...a.brands.flatMap((b) => [...b.reasons, ...b.spans.map((s) => s.reason)]),
    ...a.evidence.map((e) => e.reason),
    ...a.grievances.map((g) => g.evidence.reason),
  ];
}

/** The demo's brand and evidence reasons, and the names of its score components. */
async function demo(): Promise<{ reasons: string[]; components: string[] }> {
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
  const ids = (db.prepare('SELECT id FROM posts').all() as { id: string }[]).map((r) => r.id);
  const reasons: string[] = [];
  const components = new Set<string>();
  for (const id of ids) {
    const p = getPost(db, id)!;
    reasons.push(...reasonsOf({ brands: p.brands, evidence: [], grievances: [] }));
    if (p.analysis) reasons.push(...reasonsOf({ ...p.analysis, brands: [] }));
    const s = p.scores;
    if (s)
      for (const e of [s.severity, s.reach, s.priority])
        for (const k in e.components) components.add(k);
  }
  db.close();
  return { reasons, components: [...components] };
}

/** Texts that reach what the demo does not. */
const OTHERS: { title?: string; text: string; brand?: string }[] = [
  { text: '@free trois semaines sans internet, toujours rien, c’est une honte :(' },
  {
    title: 'Freebox en panne',
    text: 'Ma box est en panne depuis dix jours. #Free et @SFR ne répondent pas, une honte.',
  },
  {
    text: 'J’ai acheté mon téléphone à la Fnac. Le SAV de Samsung est nul, trois semaines sans réponse.',
  },
  { text: 'Seule la Fnac est arrivée à l’heure. Les deux autres, 5 jours de retard, une honte.' },
  { text: 'Colis jamais reçu, service client injoignable, je suis furieux.', brand: 'fnac' },
  { text: 'SFR and Orange never answer, their customer service is awful and slow.' },
  { title: 'SFR : merci', text: 'Orange a résolu mon problème en une heure, merci à eux.' },
  { text: 'Avec SFR et Orange, trois semaines sans internet, une honte absolue.' },
  {
    text: 'Trois semaines sans internet. Toujours rien. Je vais porter plainte. Chez moi il y a @free et SFR.',
  },
];

async function otherReasons(): Promise<string[]> {
  const { config } = loadConfig(`${ROOT}grogne.config.json`);
  const analyzer = new Analyzer({ brands: config.brands, models: loadModels() });
  // A complaint whose clauses blame no brand, naming two, one of them in its title: the
  // texts that get there are fragile, so the aiming function itself.
  const neutral = (id: string, reasons: string[]): BrandMention => ({
    id,
    target: false,
    confidence: 0,
    sentiment: 'neutral',
    count: 1,
    reasons,
    spans: [],
  });
  const titled = [neutral('free', ['1 mention', TITLE_REASON]), neutral('sfr', ['1 mention'])];
  aimComplaint(titled, 0.8, null);
  return [
    ...OTHERS.flatMap((input) => reasonsOf(analyzer.analyse(input))),
    ...titled.flatMap((b) => b.reasons),
  ];
}

describe('the reasons of the post view, in French and in English', () => {
  it('has a kind for every brand and evidence reason the analysis gives, and uses every kind', async () => {
    const { reasons: seen, components } = await demo();
    const reasons = [...new Set([...seen, ...(await otherReasons())])];
    // Each score component of the demo has a name in both languages.
    expect(components.length).toBeGreaterThan(10);
    expect(components.filter((c) => !COMPONENT_WORDS.fr[c] || !COMPONENT_WORDS.en[c])).toEqual([]);
    expect(reasons.length).toBeGreaterThan(100);
    const unknown = reasons.filter((r) => kindOf(r) === null);
    expect(unknown).toEqual([]);
    const reached = new Set(reasons.map((r) => kindOf(r)!.kind.id));
    const unused = REASON_KINDS.map((k) => k.id).filter((id) => !reached.has(id));
    expect(unused).toEqual([]);
    for (const r of reasons) {
      const fr = sayReason(r, 'fr', words.fr);
      // Said again, not passed through: no kind's English pattern (nor a score's) matches it.
      expect(kindOf(fr), `${r} → ${fr}`).toBeNull();
      expect(frenchReason(fr, words.fr), `${r} → ${fr}`).toBeNull();
      expect(fr).not.toMatch(
        /(?<!\p{L})(named|mentions?|negative|positive|clauses?|brand|complaint|title|act|billing|claim|the|not|only)(?!\p{L})/u,
      );
      expect(sayReason(r, 'en', words.en)).not.toBe('');
    }
  }, 120_000);

  it('says each kind’s example in both languages, the example reaching that kind first', () => {
    for (const kind of REASON_KINDS) {
      expect(kindOf(kind.example)?.kind.id, kind.example).toBe(kind.id);
      const fr = sayReason(kind.example, 'fr', words.fr);
      const en = sayReason(kind.example, 'en', words.en);
      expect(fr, kind.id).not.toBe(kind.example);
      expect(fr, kind.id).not.toBe(en);
    }
  });

  it.each([
    ['1 mention', 'citée une fois', '1 mention'],
    ['12 mentions', 'citée 12 fois', '12 mentions'],
    [
      'named in 1 negative clause',
      'nommée dans 1 proposition négative',
      'named in 1 negative clause',
    ],
    [
      'not French (eng): not scored',
      'pas en français (langue eng) : non notée',
      'not French (language eng): not scored',
    ],
    [
      'billing claim: « prélevé deux fois »',
      'somme réclamée ou prélevée : « prélevé deux fois »',
      'money claimed or debited: “prélevé deux fois”',
    ],
    [
      'negated negative: marche',
      'ton négatif (par négation) : « marche »',
      'negative tone (negated): “marche”',
    ],
    ['title: sarcasm: merci', 'titre — ironie : « merci »', 'title — sarcasm: “merci”'],
    ['title: act: duration', 'titre — problème qui dure', 'title — a lasting problem'],
    ['internet: box', 'grief « internet et box » : « box »', 'grievance “internet and box”: “box”'],
    ['title: alias', 'titre — marque nommée', 'title — brand named'],
    ['complaint (confidence 0.87)', 'réclamation (confiance 0,87)', 'complaint (confidence 0.87)'],
    ['a reason no one wrote yet', 'a reason no one wrote yet', 'a reason no one wrote yet'],
  ])('%s → %s / %s', (reason, fr, en) => {
    expect(sayReason(reason, 'fr', words.fr)).toBe(fr);
    expect(sayReason(reason, 'en', words.en)).toBe(en);
  });

  it('knows every act and category of the complaint rules, in both languages', () => {
    for (const { id } of ACT_RULES) {
      expect(sayReason(`act: ${id}`, 'fr', words.fr), id).not.toBe(id);
      expect(ACT_WORDS_EN[id], id).toBeDefined();
    }
    for (const { id } of CATEGORY_RULES) {
      expect(kindOf(`${id}: x`)?.kind.id, id).toBe('evidence.category');
      expect(CATEGORY_WORDS.fr[id], id).toBeDefined();
    }
  });

  it('names the score components in both languages', () => {
    expect(Object.keys(COMPONENT_WORDS.fr).sort()).toEqual(Object.keys(COMPONENT_WORDS.en).sort());
  });
});

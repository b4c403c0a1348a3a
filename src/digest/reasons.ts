// The scores' reasons in the digest's language. The scoring stage (src/score/severity.ts and
// reach.ts) writes its reasons in English, and the store keeps them as written; each pattern
// below is one reason those files can produce, read back into its parts (numbers, act ids,
// category ids, source kind) and said again in French with French numbers. A reason no pattern
// knows is shown as it is: test/digest/reasons.test.ts scores the demo corpus and fails if one
// is missing, so a new reason in src/score needs its line here.

type Words = {
  num: (n: number) => string;
  category: (id: string) => string;
};

/** What each act of src/nlp/complaints/rules.ts means to a French community manager. */
export const ACT_WORDS_FR: Record<string, string> = {
  churn: 'menace de partir',
  legal: 'action en justice',
  avoid: 'appel à éviter la marque',
  repeat_contact: 'relances répétées',
  money: 'argent en jeu',
  duration: 'problème qui dure',
  insult: 'insultes',
  harm: 'préjudice grave',
  verdict: 'verdict sur la marque',
  mild: 'dit que ce n’est pas grave',
};

const SOURCE_KIND_FR: Record<string, string> = {
  feed: 'un flux',
  forum: 'un forum',
  page: 'une page',
};

const n = (s: string, w: Words) => w.num(Number(s));
/** A decimal as src/score wrote it ("0.87"), with its digits kept and a decimal comma. */
const dec = (s: string) => s.replace('.', ',');
const list = (s: string) => s.split(', ').filter(Boolean);

const FR: [RegExp, (m: RegExpExecArray, w: Words) => string][] = [
  [
    /^not French \(lang (.+)\): grogne only rates French posts$/,
    (m) => `pas en français (langue ${m[1]}) : grogne ne note que les posts en français`,
  ],
  [/^complaint \(confidence ([\d.]+)\)$/, (m) => `réclamation (confiance ${dec(m[1]!)})`],
  [/^negative tone \(([\d.]+)\)$/, (m) => `ton négatif (${dec(m[1]!)})`],
  [
    /^(\d+) grievance\(s\): (.*)$/,
    (m, w) =>
      `${w.num(Number(m[1]))} grief${m[1] === '1' ? '' : 's'} : ${list(m[2]!).map(w.category).join(', ')}`,
  ],
  [
    /^acts: (.*)$/,
    (m) =>
      `${list(m[1]!)
        .map((a) => ACT_WORDS_FR[a] ?? a)
        .join(', ')}`,
  ],
  [
    /^negative \(([\d.]+)\) but not a complaint: at most (\d+)$/,
    (m, w) => `négatif (${dec(m[1]!)}) mais pas une réclamation : ${n(m[2]!, w)} au plus`,
  ],
  [/^not a complaint and not negative$/, () => 'ni réclamation ni ton négatif'],
  [/^aimed at a watched brand \(([\d.]+)\)$/, (m) => `vise une marque suivie (${dec(m[1]!)})`],
  [
    /^aimed at no watched brand: ×([\d.]+)$/,
    (m) => `ne vise aucune marque suivie : ×${dec(m[1]!)}`,
  ],
  [/^says the problem was solved: ×([\d.]+)$/, (m) => `dit le problème résolu : ×${dec(m[1]!)}`],
  [
    /^source audience (\d+) \(configured\)$/,
    (m, w) => `audience de la source : ${n(m[1]!, w)} (configurée)`,
  ],
  [
    /^source audience (\d+) \(default for a (\w+)\)$/,
    (m, w) =>
      `audience de la source : ${n(m[1]!, w)} (par défaut pour ${SOURCE_KIND_FR[m[2]!] ?? m[2]})`,
  ],
  [/^(\d+) thread views$/, (m, w) => `${n(m[1]!, w)} vues du fil`],
  [
    /^(\d+) comments ≈ (\d+) readers$/,
    (m, w) => `${n(m[1]!, w)} commentaires ≈ ${n(m[2]!, w)} lecteurs`,
  ],
  [
    /^(\d+) replies ≈ (\d+) readers$/,
    (m, w) => `${n(m[1]!, w)} réponses ≈ ${n(m[2]!, w)} lecteurs`,
  ],
  [
    /^post #(\d+) in its thread: read by (\d+)%$/,
    (m, w) => `message nº ${n(m[1]!, w)} du fil : lu par ${n(m[2]!, w)} % des lecteurs`,
  ],
  // Priority's (src/score/priority.ts): the digest does not show them, the dashboard does.
  [/^severity (\d+)$/, (m, w) => `gravité ${n(m[1]!, w)}`],
  [
    /^reach factor ([\d.]+) \(log scale, saturates at ([\d,]+)\)$/,
    (m, w) =>
      `facteur de portée ${dec(m[1]!)} (échelle logarithmique, plafond à ${n(m[2]!.replaceAll(',', ''), w)})`,
  ],
  [
    /^(\d+) h old, half-life (\d+) h: ×([\d.]+)$/,
    (m, w) => `publié il y a ${n(m[1]!, w)} h, demi-vie ${n(m[2]!, w)} h : ×${dec(m[3]!)}`,
  ],
  [
    /^no publication date: dated by the fetch$/,
    () => 'sans date de publication : daté par la collecte',
  ],
];

/** `reason` in French, or null when no pattern knows it. */
export function frenchReason(reason: string, w: Words): string | null {
  for (const [re, say] of FR) {
    const m = re.exec(reason);
    if (m) return say(m, w);
  }
  return null;
}

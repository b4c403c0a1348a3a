import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_OPTIONS } from '../../src/nlp/model/model.ts';
import {
  type ComplaintRow,
  complaintFolds,
  complaintProbability,
  crossValidateComplaint,
  reviewNonComplaints,
  trainComplaint,
} from '../../src/train/complaint-train.ts';

// A toy gold set in the style of the Free tweets: failures told in the first person vs
// announcements and questions.
const COMPLAINTS = [
  'ma box ne marche plus depuis hier soir',
  'plus de connexion depuis 3 jours, personne ne répond au service client',
  'prélevé deux fois ce mois ci, toujours pas remboursé',
  'la fibre coupe tout le temps, je vais résilier',
  'encore une panne, ça fait une semaine sans internet',
  "45 minutes d'attente à la hotline puis on me raccroche au nez",
];
const OTHERS = [
  'retrouvez la nouvelle chaîne sur le canal 82',
  'la fibre arrive quand dans ma ville ?',
  'ce soir le match en 4k sur votre box',
  'c’est combien le nouveau forfait ?',
  'nouvelle offre disponible dès aujourd’hui',
  'le salon de la télévision ouvre demain',
];
const ROWS: ComplaintRow[] = [
  ...COMPLAINTS.map((text) => ({ text, complaint: true })),
  ...OTHERS.map((text) => ({ text, complaint: false })),
];
const FAST = { ...DEFAULT_TRAIN_OPTIONS, epochs: 5 };

describe('complaint classifier', () => {
  it('separates failures from announcements on its training rows', () => {
    const m = trainComplaint(ROWS, FAST);
    for (const r of ROWS) {
      expect(complaintProbability(m, r.text) >= 0.5).toBe(r.complaint);
    }
  });

  it('is reproducible: same rows, same weights', () => {
    expect(trainComplaint(ROWS, FAST).weights).toEqual(trainComplaint(ROWS, FAST).weights);
  });

  it('uses deterministic, stratified folds', () => {
    const folds = complaintFolds(ROWS, 3);
    expect(folds).toEqual(complaintFolds(ROWS, 3));
    for (let f = 0; f < 3; f++) {
      const inFold = ROWS.filter((_, i) => folds[i] === f);
      expect(inFold.filter((r) => r.complaint)).toHaveLength(2);
    }
  });

  it('cross-validates: one held-out probability per row', () => {
    const p = crossValidateComplaint(ROWS, 3, FAST);
    expect(p).toHaveLength(ROWS.length);
    for (const x of p) expect(x).toBeGreaterThanOrEqual(0);
  });
});

// Reviews as non-complaints: a balanced, seeded sample, cut to a bounded length.
describe('reviewNonComplaints', () => {
  const reviews = Array.from({ length: 20 }, (_, i) => ({
    text: `${i % 2 ? 'film nul' : 'livre superbe'} ${'mot '.repeat(i * 40)}`,
    label: i % 2 ? 'negative' : 'positive',
  }));

  it('takes as many negative as positive reviews, all non-complaints, same sample each run', () => {
    const rows = reviewNonComplaints(reviews, 4);
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => !r.complaint)).toBe(true);
    expect(rows.filter((r) => r.text.startsWith('film nul'))).toHaveLength(4);
    expect(rows).toEqual(reviewNonComplaints(reviews, 4));
    expect(rows.every((r) => r.text.length <= 1200)).toBe(true);
  });
});

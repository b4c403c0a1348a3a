import { describe, expect, it } from 'vitest';
import { memoStemmer, stem } from '../../src/search/stem.ts';
import { searchWords } from '../../src/search/words.ts';

const stemOf = (w: string) => stem(searchWords(w)[0]!);

describe('stem: the forms of a French word share one stem, typed with accents or not', () => {
  it.each([
    ['facture', 'factures', 'facturé', 'facturée', 'facturées', 'facturer', 'facturation'],
    ['résilié', 'resilie', 'résilier', 'résiliation', 'résiliée', 'RÉSILIÉ', 'résiliez'],
    ['remboursement', 'rembourser', 'remboursé', 'rembourse'],
    ['problème', 'probleme', 'problèmes'],
    // plurals in -x
    ['réseau', 'réseaux'],
    ['journal', 'journaux'],
    // derivations: -eux/-euse, -ement, undoubled consonants
    ['scandale', 'scandaleux', 'scandaleuse'],
    ['abonné', 'abonnés', 'abonnement', 'abonnée'],
    ['premier', 'première', 'premiers'],
    ['opérateur', 'opérateurs'],
    ['cœur', 'coeur'],
  ])('%s', (...forms) => {
    const stems = new Set(forms.map(stemOf));
    expect([...stems]).toHaveLength(1);
  });

  it.each([
    // short words, and words whose end is no ending, are left alone
    ['sfr', 'sfr'],
    ['box', 'box'],
    ['avis', 'avis'],
    ['mois', 'mois'],
    ['enfants', 'enfant'],
    ['comment', 'comment'],
    ['forfaits', 'forfait'],
    ['4g', '4g'],
  ])('%s → %s', (word, expected) => {
    expect(stemOf(word)).toBe(expected);
  });

  it('keeps words apart that mean different things', () => {
    expect(stemOf('facture')).not.toBe(stemOf('fracture'));
    expect(stemOf('panne')).not.toBe(stemOf('pain'));
    expect(stemOf('client')).not.toBe(stemOf('clic'));
  });
});

describe('memoStemmer', () => {
  it('stems as stem does, and forgets everything once full', () => {
    const memo = memoStemmer(2);
    for (const w of ['factures', 'resilie', 'factures', 'abonnes', 'resilie']) {
      expect(memo(w)).toBe(stem(w));
    }
  });
});

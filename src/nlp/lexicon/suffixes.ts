// The endings a prefix entry of the lexicon ("arnaqu*", "scandal*") may take: French
// inflections (gender, number, the persons and tenses of -er verbs, the participles) and the
// derivations that keep a stem's meaning (-eur, -erie, -ment, -age…). Folded: no accents.
//
// Closed on purpose. A prefix matches "arnaqu" + "eurs" but not "con" + "nait": what follows
// the stem must be an ending, not the rest of another word. Endings of -ir verbs ("-it",
// "-is") are left out: they are too often the end of unrelated words ("pet" + "it").
const ENDINGS = new Set(
  // nothing, gender and number
  (
    ' e s es x ee ees' +
    // -er verbs: present, imperfect, future, conditional, simple past, participles
    ' er ent ons ez ais ait aient ions iez erai eras era erons erez eront erais erait ' +
    'erions eraient a ant ante ants antes' +
    // derivations that keep the stem's sense
    ' eur eurs euse euses erie eries ement ements ment age ages ation ations ateur ateurs ' +
    'atrice atrices able ables ible ibles eux euse euses ement ite ites isme ismes iste ' +
    'istes al ale aux ales ique iques if ive ifs ives' +
    // the doubled consonant of a feminine: professionnel → professionnelle, chien → chienne
    ' le les ne nes te tes'
  ).split(' '),
);

/** Whether `rest`, what follows a prefix entry's stem in a folded word, is an ending. */
export function isEnding(rest: string): boolean {
  return ENDINGS.has(rest);
}

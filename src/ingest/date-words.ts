// The vocabulary of dates: French and English month and weekday names, RFC 822 zones,
// duration units ("il y a 2 jours"), and the filler words French dates carry.

// Keys are accent-free and lowercase; French and English share the table (RFC 822 is English).
// biome-ignore format: a table reads better a few keys a line
export const MONTHS: Record<string, number> = {
  janvier: 1, janv: 1, jan: 1, january: 1,
  fevrier: 2, fevr: 2, fev: 2, feb: 2, february: 2,
  mars: 3, mar: 3, march: 3,
  avril: 4, avr: 4, apr: 4, april: 4,
  mai: 5, may: 5,
  juin: 6, jun: 6, june: 6,
  juillet: 7, juil: 7, jul: 7, july: 7,
  aout: 8, aou: 8, aug: 8, august: 8,
  septembre: 9, sept: 9, sep: 9, september: 9,
  octobre: 10, oct: 10, october: 10,
  novembre: 11, nov: 11, november: 11,
  decembre: 12, dec: 12, december: 12,
};

// biome-ignore format: a table reads better a few keys a line
export const WEEKDAYS: Record<string, number> = {
  dimanche: 0, dim: 0, sunday: 0, sun: 0,
  lundi: 1, lun: 1, monday: 1, mon: 1,
  mardi: 2, mar: 2, tuesday: 2, tue: 2,
  mercredi: 3, mer: 3, wednesday: 3, wed: 3,
  jeudi: 4, jeu: 4, thursday: 4, thu: 4,
  vendredi: 5, ven: 5, friday: 5, fri: 5,
  samedi: 6, sam: 6, saturday: 6, sat: 6,
};

// RFC 822 zone names, plus the French CET/CEST that some French feeds write.
// biome-ignore format: a table reads better a few keys a line
export const ZONES: Record<string, number> = {
  z: 0, gmt: 0, ut: 0, utc: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  cet: 60, cest: 120, met: 60, mest: 120, bst: 60, wet: 0, west: 60,
};

// Words that carry no date information in "le 3 mars 2024 à 14:05", "posté le …", "on …".
export const FILLERS = new Set([
  'le',
  'a',
  'de',
  'du',
  'vers',
  'at',
  'on',
  'the',
  'of',
  'poste',
  'publie',
  'par',
  'et',
]);

export const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 };

export function unitOf(word: string): 'y' | 'mo' | 'w' | 'd' | 'h' | 'm' | 's' | null {
  if (/^(ans?|annees?)$/.test(word)) return 'y';
  if (word === 'mois') return 'mo';
  if (/^(semaines?|sem)$/.test(word)) return 'w';
  if (/^(jours?|j)$/.test(word)) return 'd';
  if (/^(heures?|h|hrs?)$/.test(word)) return 'h';
  if (/^(minutes?|mins?|mn|m)$/.test(word)) return 'm';
  if (/^(secondes?|secs?|s)$/.test(word)) return 's';
  return null;
}

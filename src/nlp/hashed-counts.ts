// The counting behind features.ts: hashed buckets counted per block (words, chars), then
// weighted, normalised, summed and sorted into a sparse vector. Scratch typed arrays reused
// from text to text (no caller sees them); entries keep first-touch order, the order a Map
// iterates, which fixes the order of every float sum: the vectors equal, bit for bit, those
// of the Map-based version the committed models were trained with.

/** Hashed feature space: 2^18 buckets (FNV-1a modulo 2^18), then the dense extras. */
export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
const MASK = HASH_SIZE - 1;
/** Tag of a char n-gram bucket (bucket | CHAR_TAG); word buckets are untagged. */
export const CHAR_TAG = HASH_SIZE;

export interface Hashed {
  /** Hashed buckets, sorted, with their values (before the Float32 rounding). */
  indices: Uint32Array;
  values: Float64Array;
}

// The counting table: open addressing over bucket numbers tagged with their block, small
// enough to stay in cache (counts in 2^18-slot arrays missed it on every n-gram), half full
// at most. Entries are numbered in first-touch order.
let capacity = 0;
// Slots are the top bits of key × 2^32/φ (Fibonacci hashing): low bits alone would send the
// words and chars of one bucket to one chain.
let shift = 32;
let slotKey = new Int32Array(0);
let slotEntry = new Int32Array(0);
let entryKey = new Int32Array(0);
let entryCount = new Int32Array(0);
let entrySlot = new Int32Array(0);
let entryValue = new Float64Array(0);
let entries = 0;

function allocate(cap: number): void {
  capacity = cap;
  shift = 32 - Math.log2(cap);
  slotKey = new Int32Array(cap).fill(-1);
  slotEntry = new Int32Array(cap);
  const keep = entries;
  const keys = entryKey;
  const counts = entryCount;
  entryKey = new Int32Array(cap / 2);
  entryCount = new Int32Array(cap / 2);
  entrySlot = new Int32Array(cap / 2);
  entryValue = new Float64Array(cap / 2);
  entryKey.set(keys.subarray(0, keep));
  entryCount.set(counts.subarray(0, keep));
  for (let e = 0; e < keep; e++) {
    let slot = Math.imul(entryKey[e]!, 0x9e3779b1) >>> shift;
    while (slotKey[slot] !== -1) slot = (slot + 1) & (cap - 1);
    slotKey[slot] = entryKey[e]!;
    slotEntry[slot] = e;
    entrySlot[e] = slot;
  }
}

/** Counts one occurrence of tagged bucket `key`. */
export function count(key: number): void {
  if (capacity === 0) allocate(8192);
  const mask = capacity - 1;
  let slot = Math.imul(key, 0x9e3779b1) >>> shift;
  for (;;) {
    const k = slotKey[slot]!;
    if (k === key) {
      entryCount[slotEntry[slot]!]!++;
      return;
    }
    if (k === -1) break;
    slot = (slot + 1) & mask;
  }
  const e = entries++;
  slotKey[slot] = key;
  slotEntry[slot] = e;
  entryKey[e] = key;
  entryCount[e] = 1;
  entrySlot[e] = slot;
  // Half full at most, so that probes stay short.
  if (entries * 2 >= capacity) allocate(capacity * 2);
}

// 1 + log(count), tabulated: Math.log was a fifth of the hashing time. Same doubles.
const TF = Float64Array.from({ length: 1024 }, (_, c) => 1 + Math.log(c));
const tf = (c: number) => (c < 1024 ? TF[c]! : 1 + Math.log(c));

// LSD radix sort of bucket numbers (< 2^18) in two 9-bit passes, carrying each bucket's
// entry along: TypedArray#sort() took half the hashing time on 2,500 keys. Stable, so a
// bucket in both blocks keeps its entries in first-touch order.
const RADIX = 9;
const radixCounts = new Int32Array(1 << RADIX);
let tmpKeys = new Uint32Array(0);
let tmpEntries = new Int32Array(0);

function sortBuckets(keys: Uint32Array, payload: Int32Array, n: number): void {
  if (tmpKeys.length < n) {
    tmpKeys = new Uint32Array(n * 2);
    tmpEntries = new Int32Array(n * 2);
  }
  const mask = (1 << RADIX) - 1;
  for (let pass = 0; pass < 2; pass++) {
    const fromK = pass === 0 ? keys : tmpKeys;
    const fromP = pass === 0 ? payload : tmpEntries;
    const toK = pass === 0 ? tmpKeys : keys;
    const toP = pass === 0 ? tmpEntries : payload;
    const shift = pass * RADIX;
    radixCounts.fill(0);
    for (let i = 0; i < n; i++) radixCounts[(fromK[i]! >>> shift) & mask]!++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = radixCounts[d]!;
      radixCounts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = fromK[i]!;
      const at = radixCounts[(v >>> shift) & mask]!++;
      toK[at] = v;
      toP[at] = fromP[i]!;
    }
  }
}

let outBuckets = new Uint32Array(0);
let outOrder = new Int32Array(0);
let outValues = new Float64Array(0);

/** The counted buckets as a sparse vector; the table is left empty for the next text. */
export function finishCounts(wordWeight: number, charWeight: number): Hashed {
  // Sublinear tf, unit L2 norm per block (norms summed in first-touch order), scaled by the
  // block's weight; a bucket in both blocks sums them, words first, as the Map-based
  // version did: (0 + word) + char.
  let wordNorm = 0;
  let charNorm = 0;
  for (let e = 0; e < entries; e++) {
    const s = tf(entryCount[e]!);
    if ((entryKey[e]! & CHAR_TAG) === 0) wordNorm += s * s;
    else charNorm += s * s;
  }
  const wordScale = wordWeight / Math.sqrt(wordNorm);
  const charScale = charWeight / Math.sqrt(charNorm);
  // Scratch too: three fresh typed arrays per text cost more than their sort.
  if (outBuckets.length < entries) {
    outBuckets = new Uint32Array(entries * 2);
    outOrder = new Int32Array(entries * 2);
    outValues = new Float64Array(entries * 2);
  }
  const buckets = outBuckets;
  const order = outOrder;
  const values = outValues;
  for (let e = 0; e < entries; e++) {
    const key = entryKey[e]!;
    entryValue[e] = tf(entryCount[e]!) * ((key & CHAR_TAG) === 0 ? wordScale : charScale);
    buckets[e] = key & MASK;
    order[e] = e;
  }
  sortBuckets(buckets, order, entries);
  let m = 0;
  for (let j = 0; j < entries; j++) {
    const b = buckets[j]!;
    if (j + 1 < entries && buckets[j + 1] === b) {
      // The word and the char entry of one bucket, in either touch order.
      const [w, c] =
        (entryKey[order[j]!]! & CHAR_TAG) === 0
          ? [order[j]!, order[j + 1]!]
          : [order[j + 1]!, order[j]!];
      values[m] = 0 + entryValue[w]! + entryValue[c]!;
      buckets[m++] = b;
      j++;
      continue;
    }
    values[m] = 0 + entryValue[order[j]!]!;
    buckets[m++] = b;
  }
  for (let e = 0; e < entries; e++) slotKey[entrySlot[e]!] = -1;
  entries = 0;
  return { indices: buckets.slice(0, m), values: values.slice(0, m) };
}

/** Hex digits in the fingerprint `fingerprint.ts` makes (128 bits of sha256), held as this many 32-bit words. */
const HEX_DIGITS = 32;
const WORDS = HEX_DIGITS / 8;

/** Keys are bucketed by their first this many bits, so a lookup searches one bucket (~2 keys at 150,000). */
const BUCKET_BITS = 16;

/**
 * Small codes (0–255), one per fingerprint, held compactly for organization-sized baselines: a fingerprint of
 * the usual form (32 lowercase hex digits) is four 32-bit words in one sorted typed array, found by binary
 * search within its bucket; any other string (a baseline file is outside input) is kept whole in a Map, so a
 * lookup is exact either way (an upper-case fingerprint stays a different key). A code lives in `codes` at
 * the key's slot.
 */
export class FingerprintCodes {
  private readonly probe = new Uint32Array(WORDS);
  /** Bucket b's keys are firsts[b] … firsts[b + 1] − 1. */
  private readonly firsts = new Uint32Array((1 << BUCKET_BITS) + 1);

  /** Made by `FingerprintCodesBuilder.build()`. */
  constructor(
    /** The hex keys' words, sorted; key i is words[WORDS·i … WORDS·i + WORDS − 1] and has slot i. */
    private readonly words: Uint32Array,
    /** Every other key → its slot (after the hex keys'). */
    private readonly others: Map<string, number>,
    /** Each slot's code. */
    readonly codes: Uint8Array,
  ) {
    const { firsts } = this;
    for (let at = 0; at < words.length; at += WORDS) firsts[bucket(words[at]!) + 1]!++;
    for (let b = 1; b < firsts.length; b++) firsts[b]! += firsts[b - 1]!;
  }

  /** The key's slot in `codes`, or -1 when the key was never added. */
  slot(key: string): number {
    const { words, probe, firsts } = this;
    if (!hexWords(key, probe, 0)) return this.others.get(key) ?? -1;
    const first = probe[0]!;
    const b = bucket(first);
    let low = firsts[b]!;
    let high = firsts[b + 1]! - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const word = words[middle * WORDS]!;
      const order = word !== first ? (word < first ? -1 : 1) : compareWords(words, middle * WORDS, probe, 0);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** How many distinct keys it holds. */
  get size(): number {
    return this.codes.length;
  }
}

/** Collects keys and codes for a FingerprintCodes; a key given twice keeps its last code (as a Map would). */
export class FingerprintCodesBuilder {
  /** Hex keys as words, in the order added (repeats included). */
  private words = new Uint32Array(WORDS * 1024);
  private hexCodes = new Uint8Array(1024);
  private hexCount = 0;
  private readonly others = new Map<string, number>();
  private built = false;

  add(key: string, code: number): void {
    this.checkUnbuilt();
    if (this.hexCount === this.hexCodes.length) this.grow();
    if (hexWords(key, this.words, this.hexCount * WORDS)) this.hexCodes[this.hexCount++] = code;
    else this.others.set(key, code);
  }

  /** Sorts the hex keys once (the last of equal keys kept) and hands the table over; the builder is spent. */
  build(): FingerprintCodes {
    this.checkUnbuilt();
    this.built = true;
    const { words, hexCodes, hexCount } = this;
    const order = new Uint32Array(hexCount);
    for (let i = 0; i < hexCount; i++) order[i] = i;
    // Ties go by the order added, so the last of equal keys ends its run (the sort need not be stable).
    order.sort((a, b) => compareWords(words, a * WORDS, words, b * WORDS) || a - b);

    let unique = 0;
    for (let i = 0; i < hexCount; i++) {
      if (i + 1 === hexCount || compareWords(words, order[i]! * WORDS, words, order[i + 1]! * WORDS) !== 0) unique++;
    }
    const sorted = new Uint32Array(unique * WORDS);
    const codes = new Uint8Array(unique + this.others.size);
    let slot = 0;
    for (let i = 0; i < hexCount; i++) {
      const at = order[i]! * WORDS;
      if (i + 1 < hexCount && compareWords(words, at, words, order[i + 1]! * WORDS) === 0) continue;
      sorted.set(words.subarray(at, at + WORDS), slot * WORDS);
      codes[slot++] = hexCodes[order[i]!]!;
    }
    const others = new Map<string, number>();
    for (const [key, code] of this.others) {
      others.set(key, slot);
      codes[slot++] = code;
    }
    this.words = new Uint32Array(0);
    this.hexCodes = new Uint8Array(0);
    this.others.clear();
    return new FingerprintCodes(sorted, others, codes);
  }

  private checkUnbuilt(): void {
    if (this.built) throw new Error('FingerprintCodesBuilder: already built');
  }

  private grow(): void {
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    this.words = words;
    const codes = new Uint8Array(this.hexCodes.length * 2);
    codes.set(this.hexCodes);
    this.hexCodes = codes;
  }
}

/** Writes a 32-lowercase-hex-digit key's words to out[at …]; false (out partly written) for any other string. */
function hexWords(key: string, out: Uint32Array, at: number): boolean {
  if (key.length !== HEX_DIGITS) return false;
  for (let word = 0; word < WORDS; word++) {
    let value = 0;
    for (let i = word * 8; i < word * 8 + 8; i++) {
      const c = key.charCodeAt(i);
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (digit < 0) return false;
      value = value * 16 + digit;
    }
    out[at + word] = value;
  }
  return true;
}

function bucket(firstWord: number): number {
  return firstWord >>> (32 - BUCKET_BITS);
}

function compareWords(a: Uint32Array, at: number, b: Uint32Array, bt: number): number {
  for (let i = 0; i < WORDS; i++) {
    const x = a[at + i]!;
    const y = b[bt + i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * One tokenization of a document's title and sentences, shared by what a summary and the packed
 * terms read from them (key points, key phrases, the library's term ids). Each distinct spelling
 * gets a small integer, thread-wide, the first time it is seen; what a reader derives from a
 * spelling (its stem, its folded form, its content words) is then worked out once per spelling
 * and read back from an array by that integer. Before, every reader ran its own scan of the text
 * and hashed every token's string into maps of its own: four passes per document, and most of
 * the summarizer's time.
 */

const spellings: string[] = [];
/** Past this many spellings (a stream of junk text), the table starts over between two documents. */
const SPELLINGS_MAX = 1_000_000;
let generation = 0;

/** The spelling of an id. */
export function spellingOf(id: number): string {
  return spellings[id]!;
}

/** Bumped whenever the table starts over: values cached by spelling id from before are void. */
export function spellingGeneration(): number {
  return generation;
}

/*
 * Spelling → id is an open-addressing table over typed arrays (a spelling's hash, length and
 * characters kept in a pool), looked up straight from the text being scanned: no string is made
 * for a spelling seen before. A Map keyed by each token's string cost more than the rest of the
 * tokenizing (a fresh string per token, hashed, then compared with the stored key).
 */
let slots = new Int32Array(1 << 16).fill(-1);
/** Per id: hash, length, offset in `pool`. */
let meta = new Int32Array(3 << 14);
let pool = new Uint16Array(1 << 18);
let poolUsed = 0;

function clearSpellings(): void {
  spellings.length = 0;
  slots = new Int32Array(1 << 16).fill(-1);
  meta = new Int32Array(3 << 14);
  pool = new Uint16Array(1 << 18);
  poolUsed = 0;
}

function spellingAt(text: string, from: number, to: number, hash: number): number {
  const len = to - from;
  const mask = slots.length - 1;
  let slot = hash & mask;
  for (;;) {
    const id = slots[slot]!;
    if (id < 0) break;
    if (meta[id * 3] === hash && meta[id * 3 + 1] === len) {
      const at = meta[id * 3 + 2]!;
      let j = 0;
      while (j < len && pool[at + j] === text.charCodeAt(from + j)) j++;
      if (j === len) return id;
    }
    slot = (slot + 1) & mask;
  }
  const id = spellings.length;
  spellings.push(text.slice(from, to));
  if (poolUsed + len > pool.length) {
    const grown = new Uint16Array(Math.max(pool.length * 2, poolUsed + len));
    grown.set(pool);
    pool = grown;
  }
  for (let j = 0; j < len; j++) pool[poolUsed + j] = text.charCodeAt(from + j);
  if (id * 3 + 3 > meta.length) {
    const grown = new Int32Array(meta.length * 2);
    grown.set(meta);
    meta = grown;
  }
  meta[id * 3] = hash;
  meta[id * 3 + 1] = len;
  meta[id * 3 + 2] = poolUsed;
  poolUsed += len;
  slots[slot] = id;
  if (spellings.length * 2 > slots.length) {
    slots = new Int32Array(slots.length * 2).fill(-1);
    const m = slots.length - 1;
    for (let k = 0; k < spellings.length; k++) {
      let q = meta[k * 3]! & m;
      while (slots[q]! >= 0) q = (q + 1) & m;
      slots[q] = k;
    }
  }
  return id;
}

/** Per UTF-16 unit of the Basic Multilingual Plane: 2 a letter (\p{L}), 1 a number (\p{N}), 0 neither. */
const KIND = new Uint8Array(65536);
const LETTER_RE = /\p{L}/u;
const NUMBER_RE = /\p{N}/u;
for (let c = 0; c < 65536; c++) {
  // Surrogates are no letters on their own; a pair is classified as one code point below.
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCharCode(c);
  KIND[c] = LETTER_RE.test(ch) ? 2 : NUMBER_RE.test(ch) ? 1 : 0;
}
const LETTER = 2;

/** Whether a UTF-16 unit is white space, as /\s/ has it. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether one UTF-16 unit on its own is a letter, as /\p{L}/u tests a one-unit string (a surrogate half is none). */
export function isLetterUnit(c: number): boolean {
  return KIND[c] === LETTER;
}

/** The kind (as KIND) of the code point at i, and its length in units (1, or 2 for a pair) in the upper bits. */
function kindAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return KIND[c]! | 4;
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return KIND[c]! | 4;
  const ch = String.fromCharCode(c, d);
  return (LETTER_RE.test(ch) ? 2 : NUMBER_RE.test(ch) ? 1 : 0) | 8;
}

/**
 * A value per spelling, worked out the first time a spelling asks for it. `none` marks "not
 * worked out yet", so it must be a value `compute` never returns.
 */
export class PerSpelling {
  private values: Int32Array;
  private seen = -1;

  constructor(
    private readonly compute: (spelling: string) => number,
    private readonly none = -2,
  ) {
    this.values = new Int32Array(1024).fill(none);
  }

  get(id: number): number {
    if (this.seen !== generation) {
      this.values.fill(this.none);
      this.seen = generation;
    }
    if (id >= this.values.length) {
      const grown = new Int32Array(Math.max(id + 1, this.values.length * 2)).fill(this.none);
      grown.set(this.values);
      this.values = grown;
    }
    let v = this.values[id]!;
    if (v === this.none) {
      v = this.compute(spellings[id]!);
      this.values[id] = v;
    }
    return v;
  }
}

/**
 * The tokens (TOKEN matches) of some texts: piece p's tokens are first[p] … first[p + 1] - 1,
 * token k is spelling spell[k], at start[k] … end[k] - 1 in its piece.
 */
export interface Tokens {
  pieces: readonly string[];
  spell: Int32Array;
  start: Int32Array;
  end: Int32Array;
  first: Int32Array;
}

let spellBuf = new Int32Array(4096);
let startBuf = new Int32Array(4096);
let endBuf = new Int32Array(4096);

function grow(): void {
  const size = spellBuf.length * 2;
  const next = (old: Int32Array) => {
    const a = new Int32Array(size);
    a.set(old);
    return a;
  };
  spellBuf = next(spellBuf);
  startBuf = next(startBuf);
  endBuf = next(endBuf);
}

const FNV_OFFSET = -2128831035;
const FNV_PRIME = 16777619;

/**
 * Where the TOKEN match starting at `i` (a letter or number) ends, by hand:
 * `[\p{L}\p{N}]+(?:['’]\p{L}+)*(?:\.(?:\p{L}\.)+)?`. None of its parts can give back what it
 * took to let a later part match (each stops at a character the next must start with), so the
 * greedy scan is the regex's match.
 */
export function tokenEnd(text: string, i: number): number {
  const n = text.length;
  let j = i;
  for (let k = kindAt(text, j); j < n && (k & 3) !== 0; k = kindAt(text, j)) j += k >> 2;
  for (;;) {
    const c = text.charCodeAt(j);
    if ((c !== 39 && c !== 0x2019) || j + 1 >= n) break;
    let k = kindAt(text, j + 1);
    if ((k & 3) !== LETTER) break;
    j++;
    for (; j < n && (k & 3) === LETTER; k = kindAt(text, j)) j += k >> 2;
  }
  if (text.charCodeAt(j) === 46) {
    let e = j + 1;
    let pairs = 0;
    for (;;) {
      if (e >= n) break;
      const k = kindAt(text, e);
      if ((k & 3) !== LETTER || text.charCodeAt(e + (k >> 2)) !== 46) break;
      e += (k >> 2) + 1;
      pairs++;
    }
    if (pairs > 0) j = e;
  }
  return j;
}

/** Tokenizes the pieces (a document's title, then its sentences), one pass over each. */
export function tokenizePieces(pieces: readonly string[]): Tokens {
  if (spellings.length >= SPELLINGS_MAX) {
    clearSpellings();
    generation++;
  }
  const first = new Int32Array(pieces.length + 1);
  let n = 0;
  for (let p = 0; p < pieces.length; p++) {
    first[p] = n;
    const text = pieces[p]!;
    const len = text.length;
    let i = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      // Plain ASCII outside words is most of what is skipped.
      if (c < 128 ? KIND[c] === 0 : (kindAt(text, i) & 3) === 0) {
        i++;
        continue;
      }
      const end = tokenEnd(text, i);
      let hash = FNV_OFFSET;
      for (let k = i; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
      if (n === spellBuf.length) grow();
      spellBuf[n] = spellingAt(text, i, end, hash);
      startBuf[n] = i;
      endBuf[n] = end;
      n++;
      i = end;
    }
  }
  first[pieces.length] = n;
  return { pieces, spell: spellBuf.slice(0, n), start: startBuf.slice(0, n), end: endBuf.slice(0, n), first };
}

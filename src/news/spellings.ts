import { TOKEN } from './sentences.js';

/**
 * One tokenization of a document's title and sentences, shared by what a summary and the packed
 * terms read from them (key points, key phrases, the library's term ids). Each distinct spelling
 * gets a small integer, thread-wide, the first time it is seen; what a reader derives from a
 * spelling (its stem, its folded form, its content words) is then worked out once per spelling
 * and read back from an array by that integer. Before, every reader ran its own scan of the text
 * and hashed every token's string into maps of its own: four passes per document, and most of
 * the summarizer's time.
 */

const idOf = new Map<string, number>();
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

function spellingId(raw: string): number {
  let id = idOf.get(raw);
  if (id === undefined) {
    id = spellings.length;
    idOf.set(raw, id);
    spellings.push(raw);
  }
  return id;
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

const WORD = new RegExp(TOKEN.source, TOKEN.flags);
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

/** Tokenizes the pieces (a document's title, then its sentences), one pass over each. */
export function tokenizePieces(pieces: readonly string[]): Tokens {
  if (idOf.size >= SPELLINGS_MAX) {
    idOf.clear();
    spellings.length = 0;
    generation++;
  }
  const first = new Int32Array(pieces.length + 1);
  let n = 0;
  for (let p = 0; p < pieces.length; p++) {
    first[p] = n;
    const text = pieces[p]!;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
      if (n === spellBuf.length) grow();
      spellBuf[n] = spellingId(m[0]);
      startBuf[n] = m.index;
      endBuf[n] = m.index + m[0].length;
      n++;
    }
  }
  first[pieces.length] = n;
  return { pieces, spell: spellBuf.slice(0, n), start: startBuf.slice(0, n), end: endBuf.slice(0, n), first };
}

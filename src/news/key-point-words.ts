import { contentWordGeneration, contentWordId } from './keypoints.js';
import { PerSpelling, spellingGeneration, type Tokens } from './spellings.js';

/**
 * The content words key points score sentences by, read from a document's shared tokens instead
 * of a scan of their own. Key points split the lowercased sentence into [a-z0-9] runs; outside
 * the tokens there is no letter or digit (no other character lowercases to one), so a sentence's
 * runs are its tokens' runs, in order — except where two tokens touch ("rock'n5") and a run
 * crosses from one into the other: such a sentence is left to key points' own scan.
 */

/*
 * Per spelling, one int: bits 0–1 whether it starts and ends inside a run; bit 2 clear: bits 3…
 * hold its one content-word id plus one (0: none, a stop word or no run); bit 2 set: bits 3…
 * point into `many`, which holds the count of its content words and then their ids. Nearly every
 * spelling is one word, so most tokens cost one array read, not a lookup of a list.
 */
const EDGE_START = 1;
const EDGE_END = 2;
const MANY = 4;
let many: number[] = [];
function isRunChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}
function runsOfSpelling(spelling: string): number {
  const text = spelling.toLowerCase();
  const ids: number[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isRunChar(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const id = contentWordId(text.slice(start, i));
      if (id >= 0) ids.push(id);
      start = -1;
    }
  }
  const edges = (isRunChar(text.charCodeAt(0)) ? EDGE_START : 0) | (isRunChar(text.charCodeAt(text.length - 1)) ? EDGE_END : 0);
  if (ids.length <= 1) return ((ids.length === 0 ? 0 : ids[0]! + 1) << 3) | edges;
  const at = many.length;
  many.push(ids.length, ...ids);
  return (at << 3) | MANY | edges;
}
let perSpelling = new PerSpelling(runsOfSpelling);
let generations = `${contentWordGeneration}.${spellingGeneration()}`;

/** Per sentence (pieces 1 … of `tokens`), its content words, or undefined where a run crosses two tokens. */
export function keyPointWords(tokens: Tokens): (Int32Array | undefined)[] {
  // Either table starting over voids what is cached here.
  const now = `${contentWordGeneration}.${spellingGeneration()}`;
  if (now !== generations) {
    many = [];
    perSpelling = new PerSpelling(runsOfSpelling);
    generations = now;
  }
  const { spell, start, end, first } = tokens;
  const out: (Int32Array | undefined)[] = [];
  const buf: number[] = [];
  for (let p = 1; p < tokens.pieces.length; p++) {
    buf.length = 0;
    let crossed = false;
    let prevEnd = -1;
    let prevEdge = 0;
    for (let k = first[p]!; k < first[p + 1]!; k++) {
      const code = perSpelling.get(spell[k]!);
      if (start[k] === prevEnd && prevEdge & EDGE_END && code & EDGE_START) {
        crossed = true;
        break;
      }
      if ((code & MANY) === 0) {
        if (code >= 8) buf.push((code >> 3) - 1);
      } else {
        const at = code >> 3;
        for (let j = 1; j <= many[at]!; j++) buf.push(many[at + j]!);
      }
      prevEnd = end[k]!;
      prevEdge = code;
    }
    out.push(crossed ? undefined : Int32Array.from(buf));
  }
  return out;
}

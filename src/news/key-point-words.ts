import { contentWordGeneration, contentWordId } from './keypoints.js';
import { PerSpelling, spellingGeneration, type Tokens } from './spellings.js';

/**
 * The content words key points score sentences by, read from a document's shared tokens instead
 * of a scan of their own. Key points split the lowercased sentence into [a-z0-9] runs; outside
 * the tokens there is no letter or digit (no other character lowercases to one), so a sentence's
 * runs are its tokens' runs, in order — except where two tokens touch ("rock'n5") and a run
 * crosses from one into the other: such a sentence is left to key points' own scan.
 */

/** Per spelling: the content-word ids of its runs, and whether it starts and ends inside a run. */
const runs: Int32Array[] = [];
const EDGE_START = 1;
const EDGE_END = 2;
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
  runs.push(Int32Array.from(ids));
  const edges = (isRunChar(text.charCodeAt(0)) ? EDGE_START : 0) | (isRunChar(text.charCodeAt(text.length - 1)) ? EDGE_END : 0);
  return ((runs.length - 1) << 2) | edges;
}
let perSpelling = new PerSpelling(runsOfSpelling);
let generations = `${contentWordGeneration}.${spellingGeneration()}`;

/** Per sentence (pieces 1 … of `tokens`), its content words, or undefined where a run crosses two tokens. */
export function keyPointWords(tokens: Tokens): (Int32Array | undefined)[] {
  // Either table starting over voids what is cached here.
  const now = `${contentWordGeneration}.${spellingGeneration()}`;
  if (now !== generations) {
    runs.length = 0;
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
      const ids = runs[code >> 2]!;
      for (let j = 0; j < ids.length; j++) buf.push(ids[j]!);
      prevEnd = end[k]!;
      prevEdge = code;
    }
    out.push(crossed ? undefined : Int32Array.from(buf));
  }
  return out;
}

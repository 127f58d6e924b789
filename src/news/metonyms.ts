import { stem, tokenize } from './sentences.js';

/**
 * Places whose name stands for an institution: news says "the White House said" for the US
 * presidency, so a story saying it is not about houses, and `/brief house` (the House, housing)
 * must not open with "White House fence jumper". Only these, a closed list: a general rule ("a
 * word inside a capitalized name counts less") would also demote "Supreme Court" for `court` and
 * "Metropolitan Police" for `police`, where the name is about the word. Matched on stems, as every
 * query is, so a lowercase "white house" counts as the name too (in news it nearly always is).
 */
const METONYMS: readonly { name: string; words: readonly string[] }[] = [
  // The common words of each name that the name does not mean.
  { name: 'White House', words: ['white', 'house'] },
  { name: 'Blue House', words: ['blue', 'house'] },
  { name: 'Downing Street', words: ['street'] },
  { name: 'Wall Street', words: ['wall', 'street'] },
  { name: 'Capitol Hill', words: ['hill'] },
  { name: 'Scotland Yard', words: ['scotland', 'yard'] },
];

/** A name around a word, as stems: the words before it and after it within the name. */
export interface Around {
  before: readonly string[];
  after: readonly string[];
}

const AROUND = new Map<string, Around[]>();
for (const m of METONYMS) {
  const stems = tokenize(m.name).map(stem);
  for (const w of m.words) {
    const s = stem(w);
    const at = stems.indexOf(s);
    if (at < 0) throw new Error(`metonym ${m.name} does not hold ${w}`);
    const list = AROUND.get(s) ?? [];
    list.push({ before: stems.slice(0, at), after: stems.slice(at + 1) });
    AROUND.set(s, list);
  }
}

function holds(seq: readonly string[], part: readonly string[]): boolean {
  outer: for (let i = 0; i + part.length <= seq.length; i++) {
    for (let k = 0; k < part.length; k++) if (seq[i + k] !== part[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * The names a word (a stem) does not count inside, for a topic whose stems are `topic`: none of
 * those the topic itself names ("/brief white house" is about the White House).
 */
export function metonymsAround(word: string, topic: readonly string[]): Around[] {
  const around = AROUND.get(word);
  if (!around) return [];
  return around.filter((a) => !holds(topic, [...a.before, word, ...a.after]));
}


/** A name around a word, as term ids. */
export interface IdAround {
  before: readonly number[];
  after: readonly number[];
}

/** The names in term ids; a name with a word the vocabulary lacks occurs nowhere and is left out. */
export function aroundIds(names: readonly Around[] | undefined, find: (stem: string) => number | undefined): IdAround[] {
  const out: IdAround[] = [];
  for (const a of names ?? []) {
    const before = a.before.map(find);
    const after = a.after.map(find);
    if (before.every((id) => id !== undefined) && after.every((id) => id !== undefined)) out.push({ before: before as number[], after: after as number[] });
  }
  return out;
}

/** Whether the word at ids[p] is part of one of these names. */
export function insideName(ids: ArrayLike<number>, p: number, names: readonly IdAround[]): boolean {
  outer: for (const { before, after } of names) {
    const from = p - before.length;
    if (from < 0 || p + after.length >= ids.length) continue;
    for (let k = 0; k < before.length; k++) if (ids[from + k] !== before[k]) continue outer;
    for (let k = 0; k < after.length; k++) if (ids[p + 1 + k] !== after[k]) continue outer;
    return true;
  }
  return false;
}

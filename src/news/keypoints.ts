/**
 * Which sentences of a document become its key points. Kept apart from summarize.ts so the
 * method can be tuned against `npm run eval` without touching the rest of the summary.
 *
 * The method, chosen with `npm run eval` over the BBC and CNN corpora with one configuration
 * for both (README.md ("Quality and speed") has the table of what each idea scored):
 * every sentence gets a weighted sum of
 *   - terms: the sum of its content words' frequencies in the document (the longest sentences
 *     dense in the article's main terms win; BBC's references are built that way);
 *   - headline: the share of the headline's content words it holds (CNN's references follow
 *     the headline's subject);
 *   - forward and backward centrality, as in PacSum (Zheng & Lapata 2019): similarity to the
 *     sentences after it counts for it, similarity to those before it against it, so a sentence
 *     that opens what the rest develops beats one that repeats what came before;
 *   - a gentle lead prior 1/sqrt(1 + position);
 *   - penalties for the very first sentence (often a hook, not the news: it still wins when the
 *     other signals back it) and for questions.
 * Then the best are taken greedily, skipping one that mostly repeats a sentence already taken,
 * and returned in document order. A sentence opening with a word that points back ("And",
 * "But", "However") comes with the sentence before it, or not at all. When the three hold fewer
 * words than the budget (75), the best sentence left is added. The weights were tuned with
 * scripts/eval/tune-keypoints.ts on the even half of the BBC and CNN corpora (README has the
 * held-out figures). Linear in the words plus pairwise similarity over the
 * sentences: about 0.12 ms for a BBC article (the whole BBC corpus in about 250 ms, warm).
 */

import { stem as porterStem } from './sentences.js';

/**
 * Bumped whenever the selection changes. It is part of SUMMARY_VERSION (summarize.ts), so cached
 * summaries from another selection are misses in the store and get re-summarized.
 */
export const KEY_POINTS_VERSION = 4;

export interface KeyPointInput {
  title: string;
  /** The body's sentences in document order (headings excluded). */
  sentences: string[];
  /**
   * Per sentence, its content words as `contentWordId` gives them, when the caller has them
   * from a tokenization it shares with the rest of the summary; a sentence without an entry is
   * scanned here. It must be what the scan below would find (test/news/shared-tokens.test.ts).
   */
  contentWords?: readonly (Int32Array | undefined)[];
}

export interface KeyPointOptions {
  /** At most this many sentences (3 in the bot). */
  max: number;
  /** Stop adding sentences once their total length would pass this many characters. */
  charBudget: number;
  /**
   * Fill this many whitespace words: once `max` sentences are taken and they hold fewer words,
   * the best sentences left are added (up to `fillMax` sentences in all) while the words last.
   */
  wordBudget?: number;
  /** At most this many sentences when filling the word budget (default `max`). */
  fillMax?: number;
}

/** The weights of the score; exported so scripts/eval can compare variants. */
export interface KeyPointWeights {
  terms: number;
  headline: number;
  forward: number;
  backward: number;
  lead: number;
  first: number;
  question: number;
  /** Sentences with fewer content words than this are taken only when nothing else is left. */
  minContentWords: number;
  /** A candidate with more than this share of its content words in a taken sentence is skipped. */
  redundancy: number;
  /** Which openers need the sentence before them: 0 none, 1 conjunctions, 2 also pronouns. */
  dependent: number;
  /** When filling, a sentence longer than the words left may still close the key points. */
  overflow: number;
  /** 1: a sentence that needs the one before it is taken with it; 0: it is skipped. */
  pair: number;
}

export const defaultWeights: KeyPointWeights = {
  terms: 0.45,
  headline: 0.538,
  forward: 0.506,
  backward: -0.136,
  lead: 0.353,
  first: -0.4,
  question: -0.186,
  minContentWords: 4,
  redundancy: 0.72,
  dependent: 1,
  overflow: 1,
  pair: 1,
};

// NLTK's English list plus reporting verbs, which every news sentence shares.
const stopwords = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
  hers herself it its itself they them their theirs themselves what which who whom this that these
  those am is are was were be been being have has had having do does did doing a an the and but if
  or because as until while of at by for with about against between into through during before
  after above below to from up down in out on off over under again further then once here there
  when where why how all any both each few more most other some such no nor not only own same so
  than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn
  hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn also said says would could`.split(/\s+/),
);

const NON_WORD = /[^a-z0-9]+/;
/** A word's stem, or "" for a stopword. The Porter memo is the core's, shared with the index. */
function stem(word: string): string {
  return stopwords.has(word) ? '' : porterStem(word);
}

/**
 * A document's content words (lowercased, Porter-stemmed, stopwords out, so "profit" and
 * "profits" count together) as small integer ids, so scoring runs over typed arrays. Each
 * distinct spelling is stemmed once per process (stemIdOfSpelling below), not once per document.
 */
interface Encoded {
  /** Per sentence: the ids of its content words, in order. */
  ids: Int32Array[];
  vocab: number;
  /** The headline's distinct content-word stems; those also in the body as ids. */
  headlineSize: number;
  headlineIds: number[];
}

/**
 * Spelling → global stem id (-1: a stopword), shared by every document: most words recur across
 * a corpus, so each is stemmed and hashed into the table once. Bounded like the Porter memo.
 */
const stemIdOfSpelling = new Map<string, number>();
const stemIds = new Map<string, number>();
const SPELLING_MEMO_MAX = 500_000;
/** Past this many stems (a stream of junk text), the tables start over between two documents. */
const STEM_IDS_MAX = 1_000_000;
/** Per global stem id: its local id in the document being encoded (valid when stamped). */
let localOf = new Int32Array(1024);
let stampOf = new Int32Array(1024);
let stamp = 0;

/** Bumped when the tables start over: ids from before are no longer valid. */
export let contentWordGeneration = 0;

/** A lowercased [a-z0-9] run's content-word id, -1 for a stop word (the scan below makes these). */
export function contentWordId(w: string): number {
  let id = stemIdOfSpelling.get(w);
  if (id === undefined) {
    const s = stem(w);
    if (s === '') id = -1;
    else {
      id = stemIds.get(s);
      if (id === undefined) {
        id = stemIds.size;
        // Past the memo's bound, stems still get distinct ids, just not remembered by spelling.
        stemIds.set(s, id);
      }
    }
    if (stemIdOfSpelling.size < SPELLING_MEMO_MAX) stemIdOfSpelling.set(w, id);
  }
  return id;
}

function encode(input: KeyPointInput): Encoded {
  if (stemIds.size >= STEM_IDS_MAX) {
    stemIdOfSpelling.clear();
    stemIds.clear();
    contentWordGeneration++;
    localOf = new Int32Array(1024);
    stampOf = new Int32Array(1024);
  }
  // Local ids in order of first appearance, as a per-document map would give them.
  stamp++;
  let next = 0;
  const idOf = (w: string): number => {
    const g = contentWordId(w);
    return g < 0 ? -1 : localId(g);
  };
  const localId = (g: number): number => {
    if (g >= localOf.length) {
      const size = Math.max(g + 1, localOf.length * 2);
      const grownLocal = new Int32Array(size);
      grownLocal.set(localOf);
      const grownStamp = new Int32Array(size);
      grownStamp.set(stampOf);
      localOf = grownLocal;
      stampOf = grownStamp;
    }
    if (stampOf[g] !== stamp) {
      stampOf[g] = stamp;
      localOf[g] = next++;
    }
    return localOf[g]!;
  };
  const buf: number[] = [];
  const ids = input.sentences.map((sentence, s) => {
    buf.length = 0;
    const given = input.contentWords?.[s];
    if (given) {
      for (let k = 0; k < given.length; k++) buf.push(localId(given[k]!));
      return Int32Array.from(buf);
    }
    // A hand scan for [a-z0-9]+ runs: no match objects or split arrays on the hot path.
    const text = sentence.toLowerCase();
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 32;
      const wordChar = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
      if (wordChar) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        const id = idOf(text.slice(start, i));
        if (id >= 0) buf.push(id);
        start = -1;
      }
    }
    return Int32Array.from(buf);
  });
  const vocab = next;
  const headline = new Set<number>();
  for (const w of input.title.toLowerCase().split(NON_WORD)) if (w !== '') headline.add(idOf(w));
  headline.delete(-1);
  return { ids, vocab, headlineSize: headline.size, headlineIds: [...headline].filter((id) => id < vocab) };
}

function normalized(values: Float64Array): Float64Array {
  let max = 1e-9;
  for (const v of values) if (v > max) max = v;
  return values.map((v) => v / max);
}

/** Scores every sentence: higher says more about the document; -Infinity: too short to be a key point. */
export function scoreSentences(input: KeyPointInput, weights: KeyPointWeights = defaultWeights): number[] {
  return Array.from(scoreEncoded(input, encode(input), weights));
}

function scoreEncoded(input: KeyPointInput, doc: Encoded, weights: KeyPointWeights): Float64Array {
  const { ids, vocab } = doc;
  const n = ids.length;

  const freq = new Float64Array(vocab);
  for (const s of ids) for (const id of s) freq[id]!++;
  let maxFreq = 1;
  for (const f of freq) if (f > maxFreq) maxFreq = f;

  const termSums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const id of ids[i]!) sum += freq[id]! / maxFreq;
    termSums[i] = sum;
  }
  const terms = normalized(termSums);

  // Headline words absent from the body still count in its size: naming half the headline is 0.5.
  const isHeadline = new Uint8Array(vocab);
  for (const id of doc.headlineIds) isHeadline[id] = 1;
  const seen = new Int32Array(vocab).fill(-1);
  const headlineShare = new Float64Array(n);
  if (doc.headlineSize > 0) {
    for (let i = 0; i < n; i++) {
      let hits = 0;
      for (const id of ids[i]!) {
        if (isHeadline[id] === 1 && seen[id] !== i) {
          seen[id] = i;
          hits++;
        }
      }
      headlineShare[i] = hits / doc.headlineSize;
    }
  }

  // Cosine similarity of term counts, every pair once: the row's counts scattered into a dense
  // array, each later sentence's words looked up in it.
  const norms = new Float64Array(n);
  const dense = new Float64Array(vocab);
  for (let i = 0; i < n; i++) {
    const row = ids[i]!;
    for (let k = 0; k < row.length; k++) dense[row[k]!]!++;
    let sq = 0;
    for (let k = 0; k < row.length; k++) sq += dense[row[k]!]!; // sums count^2 over distinct words
    norms[i] = Math.sqrt(sq);
    for (let k = 0; k < row.length; k++) dense[row[k]!] = 0;
  }
  const fwd = new Float64Array(n);
  const bwd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (norms[i] === 0) continue;
    const row = ids[i]!;
    for (let k = 0; k < row.length; k++) dense[row[k]!]!++;
    for (let j = i + 1; j < n; j++) {
      if (norms[j] === 0) continue;
      const other = ids[j]!;
      let dot = 0;
      for (let k = 0; k < other.length; k++) dot += dense[other[k]!]!;
      if (dot === 0) continue;
      const sim = dot / (norms[i]! * norms[j]!);
      fwd[i]! += sim;
      bwd[j]! += sim;
    }
    for (let k = 0; k < row.length; k++) dense[row[k]!] = 0;
  }
  const forward = normalized(fwd);
  const backward = normalized(bwd);

  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (ids[i]!.length < weights.minContentWords) {
      scores[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    scores[i] =
      weights.terms * terms[i]! +
      weights.headline * headlineShare[i]! +
      weights.forward * forward[i]! +
      weights.backward * backward[i]! +
      weights.lead / Math.sqrt(1 + i) +
      (i === 0 ? weights.first : 0) +
      (input.sentences[i]!.trimEnd().endsWith('?') ? weights.question : 0);
  }
  return scores;
}

/**
 * Key points come from the first this many sentences. Centrality compares every pair, so a
 * 1 MB text (8,000 sentences) took seconds; the longest BBC or CNN article has 245 sentences, so
 * no real article is cut, and news puts its essentials first anyway.
 */
export const KEY_POINT_SENTENCES_MAX = 400;

/** Indices into `sentences`, ascending (document order). */
export function selectKeyPoints(
  whole: KeyPointInput,
  opts: KeyPointOptions,
  weights: KeyPointWeights = defaultWeights,
): number[] {
  const input =
    whole.sentences.length > KEY_POINT_SENTENCES_MAX ? { ...whole, sentences: whole.sentences.slice(0, KEY_POINT_SENTENCES_MAX) } : whole;
  const n = input.sentences.length;
  if (n === 0 || opts.max <= 0) return [];
  const doc = encode(input);
  const scores = scoreEncoded(input, doc, weights);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);

  // Redundancy: the share of a candidate's distinct words already in a taken sentence.
  const taken: Uint8Array[] = [];
  const seen = new Int32Array(doc.vocab);
  let stamp = 0;
  const repeats = (i: number): boolean => {
    const ids = doc.ids[i]!;
    for (const words of taken) {
      stamp++;
      let distinct = 0;
      let shared = 0;
      for (const id of ids) {
        if (seen[id] === stamp) continue;
        seen[id] = stamp;
        distinct++;
        if (words[id] === 1) shared++;
      }
      if (distinct === 0 || shared / distinct > weights.redundancy) return true;
    }
    return false;
  };

  // Nothing scorable (no Latin-script words, or only fragments): the lead is the best guess.
  const readable = scores.some((v) => v !== Number.NEGATIVE_INFINITY);
  const budget = opts.wordBudget;
  const most = budget === undefined ? opts.max : Math.max(opts.max, opts.fillMax ?? opts.max);
  const picked: number[] = [];
  const isPicked = new Uint8Array(n);
  let used = 0;
  let words = 0;
  const take = (i: number, count: number): void => {
    picked.push(i);
    isPicked[i] = 1;
    used += input.sentences[i]!.length;
    words += count;
    const wordsTaken = new Uint8Array(doc.vocab);
    for (const id of doc.ids[i]!) wordsTaken[id] = 1;
    taken.push(wordsTaken);
  };
  const needsBefore = (i: number): boolean =>
    readable && weights.dependent > 0 && i > 0 && isPicked[i - 1] === 0 && opensDependent(input.sentences[i]!, weights.dependent);
  for (const i of readable ? order : scores.keys()) {
    if (picked.length >= most) break;
    if (isPicked[i] === 1) continue;
    const filling = picked.length >= opts.max;
    if (filling && words >= budget!) break;
    if (readable && scores[i] === Number.NEGATIVE_INFINITY && picked.length > 0) break;
    // A sentence that needs the one before it comes with it, or not at all.
    const before = needsBefore(i) ? i - 1 : -1;
    if (before >= 0 && (weights.pair === 0 || needsBefore(before) || picked.length + 2 > most)) continue;
    const len = input.sentences[i]!.length + (before >= 0 ? input.sentences[before]!.length : 0);
    if (picked.length > 0 && used + len > opts.charBudget) continue;
    const count = wordCount(input.sentences[i]!) + (before >= 0 ? wordCount(input.sentences[before]!) : 0);
    if (filling && weights.overflow === 0 && words + count > budget!) continue;
    if (readable && (repeats(i) || (before >= 0 && repeats(before)))) continue;
    if (before >= 0) take(before, 0);
    take(i, count);
  }
  return picked.sort((a, b) => a - b);
}

/** Whitespace-separated words, as the eval's 75-word cut counts them. */
function wordCount(sentence: string): number {
  let count = 0;
  let inWord = false;
  for (let k = 0; k < sentence.length; k++) {
    const c = sentence.charCodeAt(k);
    const space = c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

// Words that, opening a sentence, point back at the one before it ("And we're trying...").
const CONJUNCTIONS = new Set(['and', 'but', 'or', 'so', 'yet', 'also', 'however', 'meanwhile', 'still', 'instead', 'nevertheless', 'moreover', 'furthermore', 'besides', 'thus', 'therefore', 'nor']);
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'this', 'these', 'those', 'his', 'her', 'their', 'its', 'him', 'them', 'such']);
const FIRST_WORD = /^[^\p{L}\p{N}]*([\p{L}]+)/u;

/** Whether a sentence opens with a word that needs the sentence before it (level 1: conjunctions; 2: pronouns too). */
export function opensDependent(sentence: string, level = 1): boolean {
  const m = FIRST_WORD.exec(sentence);
  if (!m) return false;
  const w = m[1]!.toLowerCase();
  return CONJUNCTIONS.has(w) || (level >= 2 && PRONOUNS.has(w));
}

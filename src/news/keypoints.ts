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
 *   - a gentle lead prior 1/sqrt(1 + position), stronger when the first two sentences name a
 *     weekday: a dated news lede ("resigned on Tuesday"), where the lead is the news;
 *   - penalties for the very first sentence (often a hook, not the news: it still wins when the
 *     other signals back it), for questions and for sentences opening with a quotation (a quote
 *     needs its speaker and context).
 * Then the best are taken greedily, skipping one that mostly repeats a sentence already taken,
 * and returned in document order. A sentence opening with a word that points back ("And",
 * "But", "However") comes with the sentence before it, or not at all, and so does one that goes
 * on with a quotation the sentence before it opened. A publisher's line ("Follow us on Twitter
 * @CNNOpinion.") is never a key point. When the three hold fewer
 * words than the budget (75), the best sentence left is added; if it would run past the budget,
 * it must come after the others, so a cut at 75 words falls on it and not on a key point.
 * Centrality without direction (TextRank, degree) and MMR are here for scripts/eval to compare
 * and are off: each costs CNN what it gives BBC (README). The weights were tuned with
 * scripts/eval/tune-keypoints.ts on the even half of the BBC and CNN corpora (README has the
 * held-out figures). Linear in the words plus pairwise similarity over the
 * sentences: about 0.12 ms for a BBC article (the whole BBC corpus in about 250 ms, warm).
 */

import { stem as porterStem } from './sentences.js';
import { DocumentIds } from './document-ids.js';

/**
 * Bumped whenever the selection changes. It is part of SUMMARY_VERSION (summarize.ts), so cached
 * summaries from another selection are misses in the store and get re-summarized.
 * 5: a filling sentence past the budget comes last; dated ledes; quotes; "City, Region" datelines.
 * 6: a quotation's tail comes with its opening; publishers' lines ("Follow us on Twitter") are never key points.
 * 7: "So far", "So-called" and "Instead of" openers stand on their own (7 of 3,427 corpus documents change).
 * 8: the sentence shown before a "But …" must be fit to be a key point itself (no "Yeah.").
 */
export const KEY_POINTS_VERSION = 8;

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
  /**
   * Extra lead prior when the first two sentences name a weekday ("said on Tuesday"): a dated
   * news lede, written in the inverted pyramid, where the lead is the news.
   */
  newsLead: number;
  /** Opens with a quotation mark: a quote needs its speaker and context, which come later. */
  quote: number;
  /** TextRank over the sentences' similarity graph (0 in the bot: it costs CNN what it gives BBC). */
  rank: number;
  /** Undirected degree centrality (LexRank degree); 0 in the bot, for the same reason. */
  degree: number;
  /** Sentences with fewer content words than this are taken only when nothing else is left. */
  minContentWords: number;
  /** A candidate with more than this share of its content words in a taken sentence is skipped. */
  redundancy: number;
  /** Which openers need the sentence before them: 0 none, 1 conjunctions, 2 also pronouns. */
  dependent: number;
  /** When filling, a sentence longer than the words left may still close the key points. */
  overflow: number;
  /** 1: a sentence that goes on with a quotation opened before it needs the sentence before it too. */
  quoteTail: number;
  /** 1: a sentence that needs the one before it is taken with it; 0: it is skipped. */
  pair: number;
  /**
   * 1: a sentence added to fill the word budget that would run past it must come after every
   * sentence taken, so a cut at the budget falls on it, not on a key point.
   */
  fillAfter: number;
  /** MMR: after each pick, a candidate's score less this times its greatest similarity to a pick. */
  mmr: number;
  /** 1: shown in the order chosen (best first), not document order. */
  byScore: number;
}

export const defaultWeights: KeyPointWeights = {
  terms: 0.45,
  headline: 0.538,
  forward: 0.506,
  backward: -0.136,
  lead: 0.353,
  first: -0.4,
  question: -0.186,
  newsLead: 0.6,
  quote: -0.1,
  rank: 0,
  degree: 0,
  minContentWords: 4,
  redundancy: 0.72,
  dependent: 1,
  overflow: 1,
  pair: 1,
  quoteTail: 1,
  fillAfter: 1,
  mmr: 0,
  byScore: 0,
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
/** Per global stem id: its local id in the document being encoded. */
const localIds = new DocumentIds();

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
    localIds.forget();
  }
  // Local ids in order of first appearance, as a per-document map would give them.
  localIds.begin();
  const idOf = (w: string): number => {
    const g = contentWordId(w);
    return g < 0 ? -1 : localId(g);
  };
  const localId = (g: number): number => localIds.idOf(g);
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
  const vocab = localIds.count;
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

/**
 * The signals of every sentence, each in [0, 1] or a 0/1 flag, before they are weighed. Kept
 * apart from the weights so scripts/eval can tune them without recomputing the signals.
 */
export interface SentenceSignals {
  n: number;
  terms: Float64Array;
  headline: Float64Array;
  forward: Float64Array;
  backward: Float64Array;
  /** TextRank: PageRank over the cosine-similarity graph (all 0 unless weights.rank is set). */
  rank: Float64Array;
  /** The sum of its similarities to every other sentence. */
  degree: Float64Array;
  question: Uint8Array;
  quote: Uint8Array;
  /** 1: the publisher's own line ("Follow us on Twitter @CNNOpinion."), never a key point. */
  promo: Uint8Array;
  /** Content words (stopwords out); fewer than minContentWords makes a sentence unusable. */
  contentWords: Int32Array;
  /** 1 when the first two sentences name a weekday: a dated news lede. */
  newsLede: number;
}

/** Scores every sentence: higher says more about the document; -Infinity: too short to be a key point. */
export function scoreSentences(input: KeyPointInput, weights: KeyPointWeights = defaultWeights): number[] {
  return Array.from(combine(signalsOf(input, encode(input), weights), weights));
}


let simScratch = new Float64Array(0);

function signalsOf(input: KeyPointInput, doc: Encoded, weights: KeyPointWeights): SentenceSignals {
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
  const wantRank = weights.rank !== 0;
  if (wantRank && simScratch.length < n * n) simScratch = new Float64Array(n * n);
  const sims = simScratch;
  if (wantRank) sims.fill(0, 0, n * n);
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
      if (wantRank) {
        sims[i * n + j] = sim;
        sims[j * n + i] = sim;
      }
    }
    for (let k = 0; k < row.length; k++) dense[row[k]!] = 0;
  }
  const rank = wantRank ? textRank(sims, fwd, bwd, n) : new Float64Array(n);
  const degree = new Float64Array(n);
  if (weights.degree !== 0) for (let i = 0; i < n; i++) degree[i] = fwd[i]! + bwd[i]!;

  const question = new Uint8Array(n);
  const quote = new Uint8Array(n);
  const promo = new Uint8Array(n);
  const contentWords = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = input.sentences[i]!;
    question[i] = s.trimEnd().endsWith('?') ? 1 : 0;
    if (weights.quote !== 0) quote[i] = opensQuote(s) ? 1 : 0;
    if (PROMO_OPENERS.has(s.charCodeAt(0)) && PROMO.test(s)) promo[i] = 1;
    contentWords[i] = ids[i]!.length;
  }
  return {
    n,
    terms,
    headline: headlineShare,
    forward: normalized(fwd),
    backward: normalized(bwd),
    rank,
    degree: weights.degree !== 0 ? normalized(degree) : degree,
    question,
    quote,
    promo,
    contentWords,
    newsLede: weights.newsLead !== 0 && n > 0 && NEWS_LEDE.test(n > 1 ? `${input.sentences[0]} ${input.sentences[1]}` : input.sentences[0]!) ? 1 : 0,
  };
}

/**
 * A publisher's line asking the reader to follow, join or read it somewhere ("Follow us on Twitter
 * @CNNOpinion.", "Read CNNOpinion's new Flipboard magazine."): an imperative opener naming a
 * platform, a handle or a newsletter.
 */
const PROMO = /^(?:Follow|Join|Read|Like|Subscribe|Sign up|Click|Watch)\b[^.!?]*?(?:Twitter|Facebook|Instagram|Flipboard|YouTube|newsletter|@\w)/;
const PROMO_OPENERS = new Set([...'FJRLSCW'].map((c) => c.charCodeAt(0)));

/** Whether the first character that is not a space is a quotation mark (" “ ‘ '). */
function opensQuote(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 32 || c === 9 || c === 160) continue;
    return c === 34 || c === 0x201c || c === 0x2018 || c === 39;
  }
  return false;
}

const NEWS_LEDE = /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;

/** PageRank (damping 0.85) over the symmetric similarity matrix, a fixed number of rounds. */
function textRank(sims: Float64Array, fwd: Float64Array, bwd: Float64Array, n: number): Float64Array {
  const degree = new Float64Array(n);
  for (let i = 0; i < n; i++) degree[i] = fwd[i]! + bwd[i]!;
  let pr = new Float64Array(n).fill(1 / Math.max(1, n));
  let next = new Float64Array(n);
  const share = new Float64Array(n);
  for (let round = 0; round < 20; round++) {
    for (let j = 0; j < n; j++) share[j] = degree[j]! > 0 ? (0.85 * pr[j]!) / degree[j]! : 0;
    for (let i = 0; i < n; i++) {
      let sum = 0.15 / n;
      const base = i * n;
      for (let j = 0; j < n; j++) sum += sims[base + j]! * share[j]!;
      next[i] = sum;
    }
    [pr, next] = [next, pr];
  }
  return normalized(pr);
}

function combine(sig: SentenceSignals, weights: KeyPointWeights): Float64Array {
  const n = sig.n;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (sig.contentWords[i]! < weights.minContentWords || sig.promo[i] === 1) {
      scores[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    scores[i] =
      weights.terms * sig.terms[i]! +
      weights.headline * sig.headline[i]! +
      weights.forward * sig.forward[i]! +
      weights.backward * sig.backward[i]! +
      weights.rank * sig.rank[i]! +
      weights.degree * sig.degree[i]! +
      (weights.lead + weights.newsLead * sig.newsLede) / Math.sqrt(1 + i) +
      (i === 0 ? weights.first : 0) +
      weights.question * sig.question[i]! +
      weights.quote * sig.quote[i]!;
  }
  return scores;
}

/**
 * Key points come from the first this many sentences. Centrality compares every pair, so a
 * 1 MB text (8,000 sentences) took seconds; the longest BBC or CNN article has 245 sentences, so
 * no real article is cut, and news puts its essentials first anyway.
 */
export const KEY_POINT_SENTENCES_MAX = 400;

function cap(whole: KeyPointInput): KeyPointInput {
  return whole.sentences.length > KEY_POINT_SENTENCES_MAX ? { ...whole, sentences: whole.sentences.slice(0, KEY_POINT_SENTENCES_MAX) } : whole;
}

/** A document encoded and its signals computed once, for scripts/eval to weigh many times. */
export interface PreparedKeyPoints {
  readonly input: KeyPointInput;
  readonly signals: SentenceSignals;
  /** @internal */
  readonly doc: Encoded;
}

export function prepareKeyPoints(whole: KeyPointInput, weights: KeyPointWeights = defaultWeights): PreparedKeyPoints {
  const input = cap(whole);
  const doc = encode(input);
  return { input, doc, signals: signalsOf(input, doc, weights) };
}

/** Indices into `sentences`, ascending (document order). */
export function selectKeyPoints(whole: KeyPointInput, opts: KeyPointOptions, weights: KeyPointWeights = defaultWeights): number[] {
  if (whole.sentences.length === 0 || opts.max <= 0) return [];
  return chooseKeyPoints(prepareKeyPoints(whole, weights), opts, weights);
}

/** The choice over prepared signals (selectKeyPoints without the signals' cost). */
export function chooseKeyPoints(prepared: PreparedKeyPoints, opts: KeyPointOptions, weights: KeyPointWeights = defaultWeights): number[] {
  const { input, doc } = prepared;
  const n = input.sentences.length;
  if (n === 0 || opts.max <= 0) return [];
  const scores = combine(prepared.signals, weights);
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
    readable &&
    i > 0 &&
    isPicked[i - 1] === 0 &&
    ((weights.dependent > 0 && opensDependent(input.sentences[i]!, weights.dependent)) ||
      (weights.quoteTail === 1 && continuesQuote(input.sentences[i]!)));
  // Whether sentence i (with the one before it, if it needs it) may be taken now: cheapest checks first.
  // The sentence before a "But …" must be one that could be a key point itself: pairing let a
  // fragment ("Yeah.", a subheading like "Social interest.") in. A quotation's short opening
  // ('"It's incredible.') is part of the quotation and may come with its tail.
  const fits = (i: number, before: number, filling: boolean): boolean => {
    if (before >= 0 && (weights.pair === 0 || needsBefore(before) || picked.length + 2 > most || (scores[before] === Number.NEGATIVE_INFINITY && !continuesQuote(input.sentences[i]!)))) return false;
    const len = input.sentences[i]!.length + (before >= 0 ? input.sentences[before]!.length : 0);
    if (picked.length > 0 && used + len > opts.charBudget) return false;
    if (filling && (weights.overflow === 0 || weights.fillAfter === 1)) {
      const count = wordCount(input.sentences[i]!) + (before >= 0 ? wordCount(input.sentences[before]!) : 0);
      if (words + count > budget! && (weights.overflow === 0 || picked.some((p) => p > i))) return false;
    }
    return !(readable && (repeats(i) || (before >= 0 && repeats(before))));
  };

  // MMR (weights.mmr > 0): after each pick the rest are re-ranked by their score less their
  // greatest similarity to a sentence taken. Without it, one pass in score order.
  const mmr = readable ? weights.mmr : 0;
  const closest = mmr > 0 ? new Float64Array(n) : undefined;
  const rejected = new Uint8Array(n);
  let candidates: number[] = readable ? order : Array.from(scores.keys());
  for (;;) {
    let tookOne = false;
    let done = false;
    for (const i of candidates) {
      if (picked.length >= most) {
        done = true;
        break;
      }
      if (isPicked[i] === 1 || rejected[i] === 1) continue;
      const filling = picked.length >= opts.max;
      if ((filling && words >= budget!) || (readable && scores[i] === Number.NEGATIVE_INFINITY && picked.length > 0)) {
        done = true;
        break;
      }
      // A sentence that needs the one before it comes with it, or not at all.
      const before = needsBefore(i) ? i - 1 : -1;
      if (!fits(i, before, filling)) {
        rejected[i] = 1;
        continue;
      }
      const count = wordCount(input.sentences[i]!) + (before >= 0 ? wordCount(input.sentences[before]!) : 0);
      if (before >= 0) take(before, 0);
      take(i, count);
      if (closest !== undefined) {
        if (before >= 0) nearer(doc, before, closest);
        nearer(doc, i, closest);
        tookOne = true;
        break;
      }
    }
    if (done || !tookOne || closest === undefined) break;
    const adjusted = (i: number): number => scores[i]! - mmr * closest[i]!;
    candidates = order.filter((i) => isPicked[i] === 0 && rejected[i] === 0).sort((a, b) => adjusted(b) - adjusted(a) || a - b);
  }
  return weights.byScore === 1 ? picked : picked.sort((a, b) => a - b);
}

/** Raises `closest[j]` to sentence j's cosine similarity to sentence i where that is higher (MMR). */
function nearer(doc: Encoded, i: number, closest: Float64Array): void {
  const counts = new Float64Array(doc.vocab);
  const own = doc.ids[i]!;
  for (const id of own) counts[id]!++;
  let sq = 0;
  for (const id of own) sq += counts[id]!;
  if (sq === 0) return;
  const other = new Float64Array(doc.vocab);
  doc.ids.forEach((row, j) => {
    let dot = 0;
    let norm = 0;
    for (const id of row) {
      dot += counts[id]!;
      norm += 2 * other[id]! + 1; // (c + 1)^2 - c^2: the row's sum of squared counts, built up
      other[id]!++;
    }
    for (const id of row) other[id] = 0;
    const sim = dot === 0 ? 0 : dot / Math.sqrt(sq * norm);
    if (sim > closest[j]!) closest[j] = sim;
  });
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
const FIRST_WORD = /^[^\p{L}\p{N}]*([\p{L}]+)(?:[ -]([\p{L}]+))?/u;
/**
 * Openers on the conjunction list that begin a phrase of their own and point back at nothing:
 * "So far 1,578 people…", "Instead of building drones…", "So-called phishing…".
 */
const STANDALONE = new Map([
  ['so', new Set(['far', 'called'])],
  ['instead', new Set(['of'])],
]);

/**
 * Whether a sentence goes on with a quotation the sentence before it opened: its first quotation
 * mark closes one ('It was from the past."', 'We just wanted a great album," said Rhodes.').
 * Shown alone, a speaker's words would read as the story's.
 */
export function continuesQuote(sentence: string): boolean {
  let marks = 0;
  let first = -1;
  for (let k = 0; k < sentence.length; k++) {
    const c = sentence.charCodeAt(k);
    if (c === 34 || c === 0x201c || c === 0x201d) {
      if (first < 0) first = k;
      marks++;
    }
  }
  if (first < 0 || marks % 2 === 0) return false;
  const c = sentence.charCodeAt(first);
  if (c === 0x201d) return true;
  if (c === 0x201c || first === 0) return false;
  // A straight quote closes when it follows a word or punctuation and a space or the end follows it.
  const before = sentence.charCodeAt(first - 1);
  const after = first + 1 < sentence.length ? sentence.charCodeAt(first + 1) : 32;
  const spaceBefore = before === 32 || before === 9 || before === 160 || before === 40 || before === 91;
  const closesAfter = after === 32 || after === 44 || after === 46 || after === 59 || after === 58 || after === 41;
  return !spaceBefore && closesAfter;
}

/** Whether a sentence opens with a word that needs the sentence before it (level 1: conjunctions; 2: pronouns too). */
export function opensDependent(sentence: string, level = 1): boolean {
  const m = FIRST_WORD.exec(sentence);
  if (!m) return false;
  const w = m[1]!.toLowerCase();
  if (m[2] !== undefined && STANDALONE.get(w)?.has(m[2].toLowerCase())) return false;
  return CONJUNCTIONS.has(w) || (level >= 2 && PRONOUNS.has(w));
}

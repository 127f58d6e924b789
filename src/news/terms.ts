import type { NewsDocument } from './types.js';
import { STOPWORDS, TOKEN, isAcronym, normalizeToken, splitSentences, stem } from './sentences.js';
import { splitDateline } from './dateline.js';

/** Documents as sequences of term ids, the form the search index is built from. */

/** Marks a break no phrase may cross (title/body, paragraphs). */
export const BREAK = -1;

/** How many body tokens count as the lead (news puts the essentials first). */
export const LEAD_TOKENS = 60;

/** Stem ↔ id, shared by a library and the libraries derived from it so analyses can be reused. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Per term id: its stem (so an analysis can be stored as stems and read back under other ids). */
  private readonly stems: string[] = [];
  /** Token as written → term id × 2, plus 1 for an acronym; -1 for no term. Most text repeats. */
  readonly written = new Map<string, number>();
  /** Per term id: a stop word (indexed for phrases, never on its own). */
  readonly stop: boolean[] = [];
  /**
   * Per term id: how many analyzed documents hold it, and how many documents were analyzed: the
   * rarity topic sentences weigh words by. Counted when a document is analyzed and never taken
   * back (a replaced document counts twice), which is close enough for weighting words.
   */
  readonly df: number[] = [];
  analyzedDocs = 0;
  private readonly lastDoc: number[] = [];

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.stop.length;
      this.ids.set(term, id);
      this.stems.push(term);
      this.stop.push(false);
      this.df.push(0);
      this.lastDoc.push(-1);
    }
    return id;
  }

  /** The id of a stem, or undefined when no document has it. */
  find(term: string): number | undefined {
    return this.ids.get(term);
  }

  /** The stem of a term id. */
  stemOf(id: number): string {
    return this.stems[id]!;
  }

  markStop(term: string): void {
    this.stop[this.id(term)] = true;
  }

  get size(): number {
    return this.stop.length;
  }

  /** Counts one more document holding these term ids (any order, repeats and BREAKs allowed). */
  countDocument(ids: ArrayLike<number>): void {
    const doc = this.analyzedDocs++;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      if (id < 0 || this.lastDoc[id] === doc) continue;
      this.lastDoc[id] = doc;
      this.df[id]!++;
    }
  }

  /** Inverse document frequency of a term id: high for words few documents use. */
  idf(id: number): number {
    const n = Math.max(1, this.analyzedDocs);
    return Math.log(1 + (n - (this.df[id] ?? 0) + 0.5) / ((this.df[id] ?? 0) + 0.5));
  }
}

/** What an index asks of a vocabulary: a stem's id, which ids are stop words, how many ids there are. */
export interface TermLookup {
  find(term: string): number | undefined;
  readonly stop: readonly boolean[];
  readonly size: number;
}

export function createVocabulary(): Vocabulary {
  const v = new Vocabulary();
  for (const w of STOPWORDS) v.markStop(stem(w));
  return v;
}

export interface DocTerms {
  /** Title tokens, BREAK, then the body with a BREAK between paragraphs. */
  ids: Int32Array;
  /** Index of the BREAK after the title. */
  titleEnd: number;
  /** Index after the lead's last token. */
  leadEnd: number;
  /** Acronyms as written ("US", "NATO") with their counts: "US" must not match the word "us". */
  acronyms: Map<string, number>;
  /** Where the body's sentences lie in `ids`: filled in the first time a briefing needs them. */
  sentences?: SentenceTerms;
}

const WRITTEN = new RegExp(TOKEN.source, TOKEN.flags);

/**
 * Term ids of a text (stems), appended to `out`, with acronyms collected on the side (counts by
 * spelling, and their positions in `out` when `acronymAt` is given).
 */
export function termIds(text: string, vocab: Vocabulary, acronyms?: Map<string, number>, out: number[] = [], acronymAt?: number[]): number[] {
  WRITTEN.lastIndex = 0;
  for (let m = WRITTEN.exec(text); m !== null; m = WRITTEN.exec(text)) {
    const raw = m[0];
    let code = vocab.written.get(raw);
    if (code === undefined) {
      const word = normalizeToken(raw);
      code = word === '' ? -1 : vocab.id(stem(word)) * 2 + (isAcronym(raw) ? 1 : 0);
      if (vocab.written.size < 2_000_000) vocab.written.set(raw, code);
    }
    if (code < 0) continue;
    if (code & 1 && acronymAt) acronymAt.push(out.length);
    out.push(code >> 1);
    if (code & 1 && acronyms) {
      const key = raw.replace(/\./g, '').toUpperCase();
      acronyms.set(key, (acronyms.get(key) ?? 0) + 1);
    }
  }
  return out;
}

export function analyze(doc: Pick<NewsDocument, 'title' | 'text'>, vocab: Vocabulary): DocTerms {
  const acronyms = new Map<string, number>();
  const ids: number[] = termIds(doc.title, vocab, acronyms);
  const titleEnd = ids.length;
  let leadEnd = -1;
  let first = true;
  let place = '';
  for (const para of doc.text.split('\n')) {
    ids.push(BREAK);
    // The dateline is no part of the text (leadParagraphs and paragraphsOf drop it too).
    let body = para;
    if (first) ({ place, text: body } = splitDateline(para));
    first = false;
    for (const id of termIds(body, vocab, acronyms)) {
      ids.push(id);
      if (leadEnd < 0 && ids.length - titleEnd > LEAD_TOKENS) leadEnd = ids.length;
    }
  }
  if (leadEnd < 0) leadEnd = ids.length;
  appendPlace(ids, termIds(place, vocab));
  vocab.countDocument(ids);
  return { ids: Int32Array.from(ids), titleEnd, leadEnd, acronyms };
}

/**
 * The dateline's place ("Beijing (CNN) --") after the body, behind a BREAK: a story filed from
 * Beijing is found by /brief beijing, as one naming it once deep in its body is, never as one
 * whose headline or lead names it. Not an acronym even in capitals ("WASHINGTON -").
 */
function appendPlace(ids: number[], place: readonly number[]): void {
  if (place.length === 0) return;
  ids.push(BREAK);
  for (const id of place) ids.push(id);
}

/**
 * Body sentence k (in sentencesOf order) holds the tokens ids[starts[k] .. ends[k]); `acronymAt`
 * lists the positions of tokens written as acronyms. A briefing scores sentences against a topic
 * on these instead of tokenizing them each time.
 */
export interface SentenceTerms {
  starts: Uint32Array;
  ends: Uint32Array;
  acronymAt: Uint32Array;
  /**
   * Sentence k is doc.text.slice(textStarts[k], textEnds[k]), so a briefing need not split the
   * document again; -1 where the sentence is not found verbatim (its paragraph had extra spaces).
   */
  textStarts: Int32Array;
  textEnds: Int32Array;
}

/**
 * A briefing looks for a topic's sentences among a document's first 400 sentences and 100,000
 * characters, so answering costs the same whatever the document's size (a 2 MB text is 16,000
 * sentences). News says what matters first.
 */
export const QUERY_SENTENCES_MAX = 400;
export const QUERY_TEXT_MAX = 100_000;
/**
 * The same bound for what a query reads of a document's term ids (phrase counts, the feedback
 * terms of its best matches): far more than any real article (the longest BBC or CNN one is
 * under 10,000), a small share of a 2 MB text (about 350,000).
 */
export const QUERY_TOKENS_MAX = 20_000;

/** The term ids a query reads: the first QUERY_TOKENS_MAX. */
export function queryTermIds(t: DocTerms): Int32Array {
  return t.ids.length > QUERY_TOKENS_MAX ? t.ids.subarray(0, QUERY_TOKENS_MAX) : t.ids;
}

/** The body's leading sentences, paragraph by paragraph (as sentencesOf splits them), within the bounds above. */
export function leadParagraphs(text: string): string[][] {
  return leadText(text).paragraphs;
}

/** A body's leading sentences (leadParagraphs) and the place its dateline names ('' for none). */
export interface LeadText {
  paragraphs: string[][];
  place: string;
}

/**
 * leadParagraphs and the dateline's place from one match of the first paragraph's dateline:
 * ingest reads both (the summary the sentences, the packed terms the place as well).
 */
export function leadText(text: string): LeadText {
  const out: string[][] = [];
  let place = '';
  let count = 0;
  let at = 0;
  while (at < text.length && count < QUERY_SENTENCES_MAX) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const cut = nl > QUERY_TEXT_MAX;
    const para = cut ? text.slice(at, Math.max(at, QUERY_TEXT_MAX)) : text.slice(at, nl);
    let body = para;
    if (at === 0) ({ place, text: body } = splitDateline(para));
    let sentences = splitSentences(body);
    // A paragraph cut at the bound ends in a sentence cut short.
    if (cut) sentences.pop();
    if (count + sentences.length > QUERY_SENTENCES_MAX) sentences = sentences.slice(0, QUERY_SENTENCES_MAX - count);
    out.push(sentences);
    count += sentences.length;
    if (cut) break;
    at = nl + 1;
  }
  return { paragraphs: out, place };
}

/**
 * Where the sentences of `paragraphs` (the body's first paragraphs, as leadParagraphs splits
 * them) lie in its terms. Sentence by sentence gives the same tokens as whole paragraphs, since a
 * sentence ends at a space or at a period no token runs across; each sentence's tokens are
 * checked against the document's, and should they ever disagree, the document gets no
 * sentences (a briefing then shows its key points).
 */
export function sentenceTerms(t: DocTerms, text: string, paragraphs: readonly (readonly string[])[], vocab: Vocabulary): SentenceTerms {
  const starts: number[] = [];
  const ends: number[] = [];
  const acronymAt: number[] = [];
  const textStarts: number[] = [];
  const textEnds: number[] = [];
  const scratch: number[] = [];
  const local: number[] = [];
  const none = (): SentenceTerms => {
    const empty = new Uint32Array(0);
    return { starts: empty, ends: empty, acronymAt: empty, textStarts: new Int32Array(0), textEnds: new Int32Array(0) };
  };
  let pos = t.titleEnd;
  let paraStart = 0;
  for (const para of paragraphs) {
    if (t.ids[pos] !== BREAK) return none();
    pos++; // the BREAK before the paragraph
    let nl = text.indexOf('\n', paraStart);
    if (nl < 0) nl = text.length;
    const line = text.slice(paraStart, nl);
    let cursor = 0;
    for (const sentence of para) {
      scratch.length = 0;
      local.length = 0;
      termIds(sentence, vocab, undefined, scratch, local);
      for (let k = 0; k < scratch.length; k++) if (t.ids[pos + k] !== scratch[k]) return none();
      starts.push(pos);
      for (const a of local) acronymAt.push(pos + a);
      pos += scratch.length;
      ends.push(pos);
      const at = cursor < 0 ? -1 : line.indexOf(sentence, cursor);
      textStarts.push(at < 0 ? -1 : paraStart + at);
      textEnds.push(at < 0 ? -1 : paraStart + at + sentence.length);
      cursor = at < 0 ? -1 : at + sentence.length;
    }
    // The next paragraph starts at a BREAK: a sentence the splitter lost shows up there.
    paraStart = nl + 1;
  }
  return {
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
    acronymAt: Uint32Array.from(acronymAt),
    textStarts: Int32Array.from(textStarts),
    textEnds: Int32Array.from(textEnds),
  };
}

import type { NewsDocument } from './types.js';
import { STOPWORDS, TOKEN, isAcronym, normalizeToken, stem } from './sentences.js';

/** Documents as sequences of term ids, the form the search index is built from. */

/** Marks a break no phrase may cross (title/body, paragraphs). */
export const BREAK = -1;

/** How many body tokens count as the lead (news puts the essentials first). */
export const LEAD_TOKENS = 60;

/** Stem ↔ id, shared by a library and the libraries derived from it so analyses can be reused. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Token as written → term id × 2, plus 1 for an acronym; -1 for no term. Most text repeats. */
  readonly written = new Map<string, number>();
  /** Per term id: a stop word (indexed for phrases, never on its own). */
  readonly stop: boolean[] = [];

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.stop.length;
      this.ids.set(term, id);
      this.stop.push(false);
    }
    return id;
  }

  /** The id of a stem, or undefined when no document has it. */
  find(term: string): number | undefined {
    return this.ids.get(term);
  }

  markStop(term: string): void {
    this.stop[this.id(term)] = true;
  }

  get size(): number {
    return this.stop.length;
  }
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
  /**
   * Body sentence k (in sentencesOf order) holds the tokens ids[sentenceStarts[k] ..
   * sentenceEnds[k]), so a briefing scores sentences against a topic without tokenizing again.
   */
  sentenceStarts: Uint32Array;
  sentenceEnds: Uint32Array;
  /** Positions in `ids` of the tokens written as acronyms, ascending. */
  acronymAt: Uint32Array;
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

/**
 * A document's terms. `paragraphs` are its body's sentences paragraph by paragraph (as
 * sentencesOf splits them); tokenizing sentence by sentence gives the same tokens as whole
 * paragraphs, since a sentence boundary is always a space.
 */
export function analyze(doc: NewsDocument, vocab: Vocabulary, paragraphs: readonly (readonly string[])[]): DocTerms {
  const acronyms = new Map<string, number>();
  const acronymAt: number[] = [];
  const ids: number[] = termIds(doc.title, vocab, acronyms, [], acronymAt);
  const titleEnd = ids.length;
  const starts: number[] = [];
  const ends: number[] = [];
  for (const para of paragraphs) {
    ids.push(BREAK);
    for (const sentence of para) {
      starts.push(ids.length);
      termIds(sentence, vocab, acronyms, ids, acronymAt);
      ends.push(ids.length);
    }
  }
  // The lead ends after the first token past LEAD_TOKENS body positions (BREAKs included).
  let leadEnd = ids.length;
  for (let p = titleEnd + LEAD_TOKENS; p < ids.length; p++) {
    if (ids[p] !== BREAK) {
      leadEnd = p + 1;
      break;
    }
  }
  return {
    ids: Int32Array.from(ids),
    titleEnd,
    leadEnd,
    acronyms,
    sentenceStarts: Uint32Array.from(starts),
    sentenceEnds: Uint32Array.from(ends),
    acronymAt: Uint32Array.from(acronymAt),
  };
}

import type { NewsDocument } from './types.js';
import { analyze, BREAK, createVocabulary, LEAD_TOKENS, type DocTerms, type Vocabulary } from './terms.js';
import { tagsColumn, type IndexText } from './index-text.js';

/**
 * A document's analysis in a form that outlives the vocabulary it was made with: its distinct
 * stems and, per token, which of them it is. Ingest makes it once (on its worker, with the
 * worker's own vocabulary); the store keeps it with the document; a library turns it back into
 * term ids of its own vocabulary in one pass over the tokens, without tokenizing or stemming the
 * text again. That is what makes an archive candidate cost a row read, not an analysis.
 */
export interface PackedTerms {
  /** The document's distinct stems, in order of first appearance. */
  lexicon: string[];
  /** Token k is lexicon[ids[k]]; BREAK (-1) where DocTerms has one. */
  ids: Int32Array;
  titleEnd: number;
  leadEnd: number;
  /** Acronyms as written, with their counts (DocTerms.acronyms). */
  acronyms: [string, number][];
}

/** The analysis of `t` (made with `vocab`) as stems. */
export function packOf(t: DocTerms, vocab: Vocabulary): PackedTerms {
  const local = new Map<number, number>();
  const lexicon: string[] = [];
  const ids = new Int32Array(t.ids.length);
  for (let k = 0; k < t.ids.length; k++) {
    const id = t.ids[k]!;
    if (id === BREAK) {
      ids[k] = BREAK;
      continue;
    }
    let l = local.get(id);
    if (l === undefined) {
      l = lexicon.length;
      local.set(id, l);
      lexicon.push(vocab.stemOf(id));
    }
    ids[k] = l;
  }
  return { lexicon, ids, titleEnd: t.titleEnd, leadEnd: t.leadEnd, acronyms: [...t.acronyms] };
}

/**
 * The analysis packTerms makes is the library's own (`analyze`), through a vocabulary of this
 * thread's: the words a thread has seen are tokenized once, so analyzing stays cheap.
 */
let own: Vocabulary | undefined;

export function packTerms(doc: Pick<NewsDocument, 'title' | 'text'>): PackedTerms {
  own ??= createVocabulary();
  return packOf(analyze(doc, own), own);
}

/**
 * Term ids of `vocab` for a packed analysis: the same DocTerms `analyze(doc, vocab)` gives (same
 * ids, ends and acronyms), and the document counted in the vocabulary's rarities as analyze does.
 */
export function unpackTerms(p: PackedTerms, vocab: Vocabulary): DocTerms {
  const map = new Int32Array(p.lexicon.length);
  for (let l = 0; l < p.lexicon.length; l++) map[l] = vocab.id(p.lexicon[l]!);
  const ids = new Int32Array(p.ids.length);
  for (let k = 0; k < p.ids.length; k++) {
    const l = p.ids[k]!;
    ids[k] = l < 0 ? BREAK : map[l]!;
  }
  vocab.countDocument(ids);
  return { ids, titleEnd: p.titleEnd, leadEnd: p.leadEnd, acronyms: new Map(p.acronyms) };
}

/**
 * The archive's full-text columns from a packed analysis: the same stems the in-memory index
 * matches (the dateline left out, as there), with no second pass over the text.
 */
export function indexTextOf(p: PackedTerms, tags: readonly string[]): IndexText {
  const headline: string[] = [];
  const body: string[] = [];
  for (let k = 0; k < p.ids.length; k++) {
    const l = p.ids[k]!;
    if (l < 0) continue;
    (k < p.titleEnd ? headline : body).push(p.lexicon[l]!);
  }
  return {
    headline: headline.join(' '),
    lead: body.slice(0, LEAD_TOKENS).join(' '),
    body: body.slice(LEAD_TOKENS).join(' '),
    tags: tagsColumn(tags),
  };
}

import type { NewsDocument } from './types.js';
import { analyze, BREAK, createVocabulary, LEAD_TOKENS, QUERY_SENTENCES_MAX, QUERY_TEXT_MAX, termIds, type DocTerms, type LeadText, type Vocabulary } from './terms.js';
import { isAcronym, normalizeToken, stem } from './sentences.js';
import { PerSpelling, spellingOf, type Tokens } from './spellings.js';
import { DocumentIds } from './document-ids.js';

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

/** Per spelling: its term id in `own` × 2, plus 1 for an acronym; -1 for no term (as Vocabulary.written). */
const termCode = new PerSpelling((raw) => {
  const word = normalizeToken(raw);
  return word === '' ? -1 : own!.id(stem(word)) * 2 + (isAcronym(raw) ? 1 : 0);
});
/** Per term id of `own`: its index in the lexicon of the document being packed. */
const lexiconIds = new DocumentIds();

/**
 * packTerms(doc) from the document's shared tokens (piece 0 its title, then the sentences of
 * `lead.paragraphs`, the body as leadText splits it, whose dateline's place is `lead.place`), when
 * those hold the whole body: a paragraph's tokens are its sentences' tokens (a sentence ends at a
 * space, or at a period no token runs across). A body longer than a summary reads is analyzed
 * from its text.
 */
export function packTermsOf(doc: Pick<NewsDocument, 'title' | 'text'>, tokens: Tokens, lead: LeadText): PackedTerms {
  const { paragraphs } = lead;
  let lines = 1;
  for (let at = doc.text.indexOf('\n'); at >= 0; at = doc.text.indexOf('\n', at + 1)) lines++;
  const whole = paragraphs.length === lines && tokens.pieces.length - 1 < QUERY_SENTENCES_MAX && doc.text.length <= QUERY_TEXT_MAX;
  if (!whole) return packTerms(doc);
  own ??= createVocabulary();
  lexiconIds.begin();
  const lexicon: string[] = [];
  const acronyms = new Map<string, number>();
  const { spell, first } = tokens;
  // The dateline's place goes after the body, behind a BREAK, as analyze puts it.
  const place = termIds(lead.place, own);
  const ids = new Int32Array(first[tokens.pieces.length]! + paragraphs.length + (place.length > 0 ? place.length + 1 : 0));
  let n = 0;
  let leadEnd = -1;
  let titleEnd = -1;
  const add = (k: number): void => {
    const code = termCode.get(spell[k]!);
    if (code < 0) return;
    const id = code >> 1;
    const local = lexiconIds.idOf(id);
    if (local === lexicon.length) lexicon.push(own!.stemOf(id));
    ids[n++] = local;
    if (code & 1) {
      const key = spellingOf(spell[k]!).replace(/\./g, '').toUpperCase();
      acronyms.set(key, (acronyms.get(key) ?? 0) + 1);
    }
    if (titleEnd >= 0 && leadEnd < 0 && n - titleEnd > LEAD_TOKENS) leadEnd = n;
  };
  for (let k = first[0]!; k < first[1]!; k++) add(k);
  titleEnd = n;
  let piece = 1;
  for (const para of paragraphs) {
    ids[n++] = BREAK;
    for (let s = 0; s < para.length; s++, piece++) for (let k = first[piece]!; k < first[piece + 1]!; k++) add(k);
  }
  if (leadEnd < 0) leadEnd = n;
  if (place.length > 0) {
    ids[n++] = BREAK;
    for (const id of place) {
      const local = lexiconIds.idOf(id);
      if (local === lexicon.length) lexicon.push(own.stemOf(id));
      ids[n++] = local;
    }
  }
  return { lexicon, ids: ids.slice(0, n), titleEnd, leadEnd, acronyms: [...acronyms] };
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

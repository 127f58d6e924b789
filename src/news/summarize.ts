import type { NewsDocument, Summary } from './types.js';
import { KEY_POINT_SENTENCES_MAX, KEY_POINTS_VERSION, selectKeyPoints } from './keypoints.js';
import { splitSentences } from './sentences.js';
import { leadParagraphs } from './terms.js';
import { stripDateline } from './dateline.js';
import { extractEntities } from './entities.js';
import { keyPhrasesOf } from './keyphrases.js';
import { keyPointWords } from './key-point-words.js';
import { tokenizePieces, type Tokens } from './spellings.js';

/**
 * Three key points, then more while they hold fewer than 75 words (four at most, 600 characters
 * in all): a briefing's summary should use the room it has.
 */
export const KEY_POINTS = { max: 3, charBudget: 600, wordBudget: 75, fillMax: 4 };

/**
 * The version of what summarize() produces. The store keeps it with every cached summary and
 * treats another version as a miss, so bump it whenever summarize, keypoints, entities or key
 * phrases change their output; otherwise summaries from before the upgrade are served forever.
 * 2: "Britain" is the United Kingdom, abbreviations like TV are no organizations, "word.The" splits.
 * 3: "won" is no stop word (key phrases).
 * 4: datelines dropped; "U.S"/"Americans" are the United States; "New Jersey" whole; key phrases
 *    are common words only (no names, no numbers).
 * 5: AP-style state datelines ("Springfield, Ill. --") dropped, the dateline's place indexed after
 *    the body; "Turkey" is Türkiye; publishers (CNN, BBC, Reuters…) are never topics.
 * 6: names of one thing merge by nameKeyOf (aliases.ts: Tory/Conservative, ISIS/Islamic State…);
 *    "MP" titles the name after it ("Tory MP Michael Mates").
 * 7: "Georgia" in a story set in the US is the state, no country; a sentence's opening word that
 *    compromise's lexicon calls a common word is no part of the name after it ("Prominent Uyghur").
 * 8: an abbreviation the story spells out ("Championship Manager (CM)") counts toward that name;
 *    an interview's speaker labels ("JG: …") are no organizations; "UKIP" is UK Independence Party.
 */
export const SUMMARY_VERSION = `8.kp${KEY_POINTS_VERSION}`;

/** The body's sentences, paragraph by paragraph (headings are not in the text, nor the dateline). */
export function paragraphsOf(doc: NewsDocument): string[][] {
  return doc.text.split('\n').map((p, i) => splitSentences(i === 0 ? stripDateline(p) : p));
}

/**
 * The body's sentences in document order (headings are not in the text), as far as a summary
 * reads them: the first 400 sentences and 100,000 characters (leadParagraphs), the bounds a
 * briefing uses too. Every article of the corpora is whole within them; a 2 MB text is split only
 * as far as its summary looks.
 */
export function sentencesOf(doc: NewsDocument): string[] {
  return leadParagraphs(doc.text).flat();
}

/**
 * Entities and key phrases are read from the first this many sentences, as key points are: a
 * 2 MB text (16,000 sentences) costs what a long article does, and no BBC or CNN article (245
 * sentences at most) is cut.
 */
export const SUMMARY_SENTENCES_MAX = KEY_POINT_SENTENCES_MAX;

/** Extractive summary: the headline, up to three key sentences, entities and key phrases. */
export function summarize(doc: NewsDocument, sentences: string[] = sentencesOf(doc)): Summary {
  return summarizeTokens(doc, sentences, tokensOf(doc, sentences));
}

/** The tokens a summary reads: the title's (piece 0), then the first SUMMARY_SENTENCES_MAX sentences'. */
export function tokensOf(doc: Pick<NewsDocument, 'title'>, sentences: readonly string[]): Tokens {
  const lead = sentences.length > SUMMARY_SENTENCES_MAX ? sentences.slice(0, SUMMARY_SENTENCES_MAX) : sentences;
  return tokenizePieces([doc.title, ...lead]);
}

/** summarize(doc, sentences) from the tokens tokensOf(doc, sentences) gives, which the caller may read too. */
export function summarizeTokens(doc: NewsDocument, sentences: string[], tokens: Tokens): Summary {
  const picked = selectKeyPoints({ title: doc.title, sentences, contentWords: keyPointWords(tokens) }, KEY_POINTS);
  const lead = sentences.length > SUMMARY_SENTENCES_MAX ? sentences.slice(0, SUMMARY_SENTENCES_MAX) : sentences;
  return {
    docId: doc.id,
    headline: doc.title,
    keyPoints: picked.map((i) => sentences[i]!).filter((s) => s !== undefined),
    entities: extractEntities(doc.title, lead),
    keyPhrases: keyPhrasesOf(tokens, lead.length),
  };
}

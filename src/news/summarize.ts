import type { NewsDocument, Summary } from './types.js';
import { selectKeyPoints } from './keypoints.js';
import { splitSentences } from './sentences.js';
import { extractEntities } from './entities.js';
import { extractKeyPhrases } from './keyphrases.js';

export const KEY_POINTS = { max: 3, charBudget: 600 };

/** The body's sentences in document order (headings are not in the text). */
export function sentencesOf(doc: NewsDocument): string[] {
  return doc.text.split('\n').flatMap(splitSentences);
}

/** Extractive summary: the headline, up to three key sentences, entities and key phrases. */
export function summarize(doc: NewsDocument, sentences: string[] = sentencesOf(doc)): Summary {
  const picked = selectKeyPoints({ title: doc.title, sentences }, KEY_POINTS);
  return {
    docId: doc.id,
    headline: doc.title,
    keyPoints: picked.map((i) => sentences[i]!).filter((s) => s !== undefined),
    entities: extractEntities(doc.title, sentences),
    keyPhrases: extractKeyPhrases(doc.title, sentences),
  };
}

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_POINTS, sentencesOf, summarize, tokensOf } from '../../src/news/summarize.js';
import { selectKeyPoints } from '../../src/news/keypoints.js';
import { keyPointWords } from '../../src/news/key-point-words.js';
import { packTerms, packTermsOf } from '../../src/news/packed-terms.js';
import { leadText } from '../../src/news/terms.js';
import { readDocumentFile } from '../../src/news/load.js';
import type { NewsDocument } from '../../src/news/types.js';
import { doc } from './fixtures.js';
import { sharedTokenDocuments } from './shared-tokens-texts.js';

/**
 * A summary and the packed terms read one shared tokenization of a document. These pin that
 * reading it gives what each part's own scan of the text gave: the key phrases, entities and
 * packed terms the summarizer made before the tokens were shared (fixtures/shared-tokens-golden.json,
 * made by that code), and key points and packed terms equal to their own scans, on the edge
 * cases and (with NEWSBRIEF_CORPUS) a quarter of the BBC articles.
 */

interface Golden {
  title: string;
  keyPhrases: string[];
  entities: { text: string; kind: string }[];
  terms: { lexicon: string[]; ids: number[]; titleEnd: number; leadEnd: number; acronyms: [string, number][] };
}
const golden = JSON.parse(readFileSync(new URL('./fixtures/shared-tokens-golden.json', import.meta.url), 'utf8')) as Golden[];

function packedFromShared(d: NewsDocument): ReturnType<typeof packTerms> {
  const lead = leadText(d.text);
  return packTermsOf(d, tokensOf(d, lead.paragraphs.flat()), lead);
}

function keyPointsBothWays(d: NewsDocument): { shared: number[]; scanned: number[] } {
  const sentences = sentencesOf(d);
  const contentWords = keyPointWords(tokensOf(d, sentences));
  return {
    shared: selectKeyPoints({ title: d.title, sentences, contentWords }, KEY_POINTS),
    scanned: selectKeyPoints({ title: d.title, sentences }, KEY_POINTS),
  };
}

describe('the shared tokenization', () => {
  const docs = sharedTokenDocuments();

  it('gives the key phrases, entities and packed terms the separate scans gave', () => {
    expect(docs.map((d) => d.title)).toEqual(golden.map((g) => g.title));
    docs.forEach((d, k) => {
      const s = summarize(d);
      const t = packedFromShared(d);
      expect({ keyPhrases: s.keyPhrases, entities: s.entities, terms: { ...t, ids: Array.from(t.ids) } }).toEqual({
        keyPhrases: golden[k]!.keyPhrases,
        entities: golden[k]!.entities,
        terms: golden[k]!.terms,
      });
    });
  });

  it("picks the key points key points' own scan picks", () => {
    for (const d of docs) {
      const { shared, scanned } = keyPointsBothWays(d);
      expect(shared).toEqual(scanned);
    }
  });

  it('leaves a sentence whose words touch across two tokens to the key points scan', () => {
    const touching = doc('Touching', ["Rock'n5 roll is back. Plain words here."]);
    const words = keyPointWords(tokensOf(touching, sentencesOf(touching)));
    expect(words[0]).toBeUndefined();
    expect(words[1]).toBeInstanceOf(Int32Array);
  });

  it('packs a body too long for a summary from its text, as packTerms does', () => {
    const long = doc('Long', Array.from({ length: 500 }, (_, i) => `Paragraph ${i} reports on the harbour works.`));
    expect(packedFromShared(long)).toEqual(packTerms(long));
  });
});

const corpusRoot = process.env.NEWSBRIEF_CORPUS;

describe.runIf(corpusRoot !== undefined)('the shared tokenization on the BBC corpus', () => {
  it('gives the key points and packed terms of the separate scans for a quarter of the articles', () => {
    const root = path.resolve(corpusRoot!, 'bbc', 'articles');
    // Every fourth article: a sample of all five categories that a loaded machine checks in seconds.
    const files = readdirSync(root).flatMap((cat) => readdirSync(path.join(root, cat)).map((f) => path.join(root, cat, f))).filter((_, k) => k % 4 === 0);
    let compared = 0;
    for (const file of files) {
      for (const d of readDocumentFile(root, file, 1 << 24).docs) {
        const { shared, scanned } = keyPointsBothWays(d);
        expect(shared).toEqual(scanned);
        expect(packedFromShared(d)).toEqual(packTerms(d));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

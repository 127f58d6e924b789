import { describe, expect, it } from 'vitest';
import { analyze, createVocabulary } from '../../src/news/terms.js';
import { packTerms, unpackTerms } from '../../src/news/packed-terms.js';
import { PoolRenumbering } from '../../src/news/pool-index.js';
import { SearchIndex } from '../../src/news/search.js';
import { parseTopic } from '../../src/news/query.js';
import type { NewsDocument } from '../../src/news/types.js';
import { doc, seedDocument } from './fixtures.js';

const NOW = new Date('2024-05-02T00:00:00Z');
/** Thirty documents from the seed's paragraphs, pairs of them sharing words, with tags and dates. */
function seeds(): NewsDocument[] {
  const paragraphs = seedDocument().text.split('\n').filter((p) => p.trim().length > 40);
  return paragraphs.slice(0, 30).map((p, i) =>
    doc(p.split(' ').slice(0, 6).join(' '), [p, paragraphs[(i + 1) % paragraphs.length]!], {
      date: new Date(Date.UTC(2024, 3, 1 + (i % 28))).toISOString(),
      path: `p${i}.txt`,
      tags: [i % 2 ? 'world' : 'business'],
    }),
  );
}

describe('a document analysis kept as stems', () => {
  it('reads back into the very term ids, ends and acronyms that analyzing the text gives', () => {
    const docs = [seedDocument(), doc('NATO and the US meet in Brussels', ['The U.S. and NATO met on Monday.', 'Talks went on.'])];
    const direct = createVocabulary();
    const packed = createVocabulary();
    for (const d of docs) {
      const a = analyze(d, direct);
      const b = unpackTerms(packTerms(d), packed);
      expect(Array.from(b.ids)).toEqual(Array.from(a.ids));
      expect([b.titleEnd, b.leadEnd]).toEqual([a.titleEnd, a.leadEnd]);
      expect([...b.acronyms]).toEqual([...a.acronyms]);
    }
    // Documents counted for topic-sentence rarities as analyzing them counts them.
    expect(packed.analyzedDocs).toBe(direct.analyzedDocs);
  });
});

describe("a briefing's candidates indexed under their own term ids", () => {
  it('rank exactly as an index over the library’s ids ranks them', () => {
    const docs = seeds();
    const vocab = createVocabulary();
    const terms = docs.map((d) => analyze(d, vocab));
    const renumbering = new PoolRenumbering(vocab);
    expect(docs.length).toBeGreaterThan(10);
    for (const topic of ['china', 'Blinken', 'US elections', 'world', 'Chinese officials said', 'Xi Jinping', 'nothingatall']) {
      const q = parseTopic(topic);
      const wide = new SearchIndex(docs, terms, vocab).search(q, NOW);
      const pool = renumbering.index(docs, terms).search(q, NOW);
      expect(pool).toEqual(wide);
      if (topic !== 'nothingatall') expect(pool.length).toBeGreaterThan(0);
    }
  });
});

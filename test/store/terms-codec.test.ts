import { describe, expect, it } from 'vitest';
import { decodeTerms, encodeTerms } from '../../src/store/terms-codec.js';
import type { PackedTerms } from '../../src/news/packed-terms.js';

const small: PackedTerms = { lexicon: ['flood', 'valencia', 'rain'], ids: Int32Array.from([0, 1, -1, 2, 0, 1]), titleEnd: 2, leadEnd: 6, acronyms: [['US', 2]] };

describe('a document analysis in its row', () => {
  it('reads back as it was written, two bytes a token for an article', () => {
    const cols = encodeTerms(small);
    expect(cols.terms.length).toBe(12 + 2 * small.ids.length);
    expect(decodeTerms(cols.terms, cols.lexicon, cols.acronyms)).toEqual(small);
  });

  it('takes four bytes a token for a text of more than 65,534 distinct stems, and reads that back too', () => {
    const lexicon = Array.from({ length: 70_000 }, (_, i) => `w${i}`);
    const big: PackedTerms = { lexicon, ids: Int32Array.from([69_999, -1, 0, 65_535]), titleEnd: 1, leadEnd: 4, acronyms: [] };
    const cols = encodeTerms(big);
    expect(cols.terms.length).toBe(12 + 4 * big.ids.length);
    expect(decodeTerms(cols.terms, cols.lexicon, cols.acronyms)).toEqual(big);
  });

  it('reads nothing from a damaged blob (the library then analyzes the text)', () => {
    const cols = encodeTerms(small);
    expect(decodeTerms(cols.terms.subarray(0, 7), cols.lexicon, cols.acronyms)).toBeUndefined();
    expect(decodeTerms(cols.terms, 'flood', cols.acronyms)).toBeUndefined();
    const odd = Buffer.concat([cols.terms, Buffer.from([1])]);
    expect(decodeTerms(odd, cols.lexicon, cols.acronyms)).toBeUndefined();
  });
});

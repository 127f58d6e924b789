import { describe, expect, it } from 'vitest';
import { TOKEN } from '../../src/news/sentences.js';
import { spellingOf, tokenizePieces } from '../../src/news/spellings.js';

/** The tokens TOKEN (the regex every reader used to run) finds, as [start, end) pairs. */
function byRegex(text: string): [number, number][] {
  return [...text.matchAll(new RegExp(TOKEN.source, TOKEN.flags))].map((m) => [m.index, m.index + m[0].length]);
}

const EDGES = [
  "The U.S. and U.K.'s plans, e.g. the U.S.A. deal, a.b. and a.b.c, don't — rock'n5 roll.",
  'Côte d’Ivoire’s café naïve; İstanbul, Kelvin \u212a, Straße ½ Ⅻ ²³ x²',
  'Math 𝐀𝐁𝐂 and emoji 😀 between words, 𝐀’𝐁 and 𝐀.𝐁. and a lone \ud800 surrogate \udc00 here.',
  "'quoted' ‘single’ \"double\" “curly” a'' a'1 a'b'c a’’b a. . .b ...x.y.z.",
  'e\u0301te (combining accent), 中文字符 and العربية and हिन्दी५ text',
  'end.',
  '',
];

describe('the hand tokenizer', () => {
  it('finds exactly the tokens TOKEN finds, edge cases included', () => {
    for (const text of EDGES) {
      const t = tokenizePieces([text]);
      const found = Array.from(t.start, (s, k): [number, number] => [s, t.end[k]!]);
      expect(found, text).toEqual(byRegex(text));
      for (let k = 0; k < t.spell.length; k++) expect(spellingOf(t.spell[k]!)).toBe(text.slice(t.start[k], t.end[k]));
    }
  });

  it('agrees with TOKEN on strings made of the characters its parts turn on', () => {
    // A fixed sequence (no randomness between runs) over letters, digits, apostrophes, dots,
    // spaces, combining marks, surrogate halves and pairs.
    const alphabet = ['a', 'B', '5', "'", '’', '.', ' ', ',', 'é', 'e\u0301', '𝐀', '\ud800', '\udc00', '½', '-', 'İ'];
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % alphabet.length;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let k = 0; k < 12; k++) text += alphabet[next()];
      const t = tokenizePieces([text]);
      expect(Array.from(t.start, (s, k): [number, number] => [s, t.end[k]!]), JSON.stringify(text)).toEqual(byRegex(text));
    }
  });

  it('gives one spelling the same id wherever it is written, and two spellings two ids', () => {
    const t = tokenizePieces(['Rates rose.', 'rates, Rates and rates']);
    const ids = Array.from(t.spell);
    expect(ids[0]).toBe(ids[3]);
    expect(ids[2]).toBe(ids[5]);
    expect(ids[0]).not.toBe(ids[2]);
    expect(Array.from(t.first)).toEqual([0, 2, 6]);
  });
});

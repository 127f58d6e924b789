import { describe, expect, it } from 'vitest';
import { tidy } from '../../src/news/sentences.js';

/** What tidy() did with a regex: the spec its one-pass check must keep. */
const MESSY = /\s\s|[\t\r\n\f\v\u00a0\u2000-\u200a\u2028\u2029\u3000]|^\s|\s$/;
const byRegex = (line: string): string => (MESSY.test(line) ? line.replace(/\s+/g, ' ').trim() : line);

describe('tidy', () => {
  it('collapses white space and trims a line exactly where the regex did, and leaves other lines alone', () => {
    // A fixed sequence over the spaces the regex tells apart (some \s it ignores when alone).
    const alphabet = ['a', ' ', '\t', '\n', '\u00a0', '\u1680', '\u2005', '\u202f', '\u205f', '\ufeff', '\u3000', '\u0001', 'é', '\u2028'];
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % alphabet.length;
    for (let n = 0; n < 20000; n++) {
      let line = '';
      for (let k = 0; k < n % 9; k++) line += alphabet[next()];
      expect(tidy(line), JSON.stringify(line)).toBe(byRegex(line));
    }
  });

  it('keeps a clean line as the same string', () => {
    const line = 'Rates rose on Monday.';
    expect(tidy(line)).toBe(line);
    expect(tidy('  Rates  rose\u00a0on Monday. ')).toBe('Rates rose on Monday.');
  });
});

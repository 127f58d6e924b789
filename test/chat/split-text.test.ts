import { describe, it, expect } from 'vitest';
import { splitText } from '../../src/chat/split-text.js';

describe('splitting text for a platform limit', () => {
  it('keeps text that fits in one piece', () => {
    expect(splitText('short', 10)).toEqual(['short']);
  });

  it('cuts at a line break, then a space, and every piece fits', () => {
    const pieces = splitText('alpha beta\ngamma delta epsilon zeta', 12);
    expect(pieces[0]).toBe('alpha beta');
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(12);
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe('alpha beta gamma delta epsilon zeta');
  });

  it('never cuts an emoji in half', () => {
    const pieces = splitText('x'.repeat(9) + '😀' + 'y'.repeat(9), 10);
    expect(pieces[0]).toBe('x'.repeat(9));
    expect(pieces[1]!.startsWith('😀')).toBe(true);
  });

  it('lets the caller move a cut earlier to keep something together', () => {
    const pieces = splitText('aaaaaaa&amp;bbbb', 10, (rest, cut) => {
      const amp = rest.lastIndexOf('&', cut);
      return amp > cut - 6 && !rest.slice(amp, cut).includes(';') ? amp : cut;
    });
    expect(pieces).toEqual(['aaaaaaa', '&amp;bbbb']);
  });
});

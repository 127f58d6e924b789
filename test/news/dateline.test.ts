import { describe, expect, it } from 'vitest';
import { stripDateline } from '../../src/news/dateline.js';

describe('a "City, Region" dateline', () => {
  it('is not part of the first sentence when a new sentence follows it', () => {
    expect(stripDateline('Sochi, Russia Two members of Russian punk band Pussy Riot were detained briefly Tuesday.')).toBe(
      'Two members of Russian punk band Pussy Riot were detained briefly Tuesday.',
    );
    expect(stripDateline('Pretoria, South Africa Oscar Pistorius is depressed, his psychiatrist said.')).toBe(
      'Oscar Pistorius is depressed, his psychiatrist said.',
    );
    expect(stripDateline('Valley Springs, California A 12-year-old boy was charged on Monday.')).toBe('A 12-year-old boy was charged on Monday.');
    expect(stripDateline('Hebron, West Bank Tensions between Israel and Hamas rose on Monday.')).toBe('Tensions between Israel and Hamas rose on Monday.');
    expect(stripDateline('Kabul, Afghanistan "We will not give up," the president said on Monday.')).toBe('"We will not give up," the president said on Monday.');
  });

  it('is left alone when the place is the subject of the sentence', () => {
    expect(stripDateline('Albuquerque, New Mexico, police officers killed a man on Sunday.')).toBe('Albuquerque, New Mexico, police officers killed a man on Sunday.');
    expect(stripDateline('Paris, France is the most visited city in the world, officials said.')).toBe(
      'Paris, France is the most visited city in the world, officials said.',
    );
  });

  it('needs a known country or region after the comma', () => {
    expect(stripDateline('Smith, Jones And Co reported profits on Monday in London.')).toBe('Smith, Jones And Co reported profits on Monday in London.');
    expect(stripDateline('On Christmas, Pope Francis called for peace in Syria.')).toBe('On Christmas, Pope Francis called for peace in Syria.');
  });
});

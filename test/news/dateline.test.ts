import { describe, expect, it } from 'vitest';
import { splitDateline, stripDateline } from '../../src/news/dateline.js';
import { leadText } from '../../src/news/terms.js';

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

describe('an AP-style dateline of a US state or Canadian province', () => {
  it('is not part of the first sentence, abbreviated or spelled out, with a dash or without', () => {
    expect(stripDateline('Springfield, Ill. -- Protesters gathered outside the capitol on Sunday.')).toBe('Protesters gathered outside the capitol on Sunday.');
    expect(stripDateline('Springfield, Ill. — Protesters gathered outside the capitol on Sunday.')).toBe('Protesters gathered outside the capitol on Sunday.');
    expect(stripDateline('Ferguson, Mo. Protesters gathered again on Sunday night.')).toBe('Protesters gathered again on Sunday night.');
    expect(stripDateline('Ferguson, Missouri -- A grand jury met again on Monday.')).toBe('A grand jury met again on Monday.');
    expect(stripDateline('Los Angeles, Calif. The city council voted on Monday night.')).toBe('The city council voted on Monday night.');
    expect(stripDateline('Boston, Mass. A jury found him guilty on Monday.')).toBe('A jury found him guilty on Monday.');
    expect(stripDateline('Washington, D.C. The Senate voted on Friday to pass the bill.')).toBe('The Senate voted on Friday to pass the bill.');
    expect(stripDateline('Charleston, W.Va. A chemical leak closed schools on Friday.')).toBe('A chemical leak closed schools on Friday.');
    expect(stripDateline('St. Louis, Mo. "We will not stop," the protesters chanted on Sunday.')).toBe('"We will not stop," the protesters chanted on Sunday.');
    expect(stripDateline('Toronto, Ont. The mayor admitted smoking crack on Tuesday.')).toBe('The mayor admitted smoking crack on Tuesday.');
    expect(stripDateline('SPRINGFIELD, Ill. (AP) — Protesters gathered outside the capitol on Sunday.')).toBe('Protesters gathered outside the capitol on Sunday.');
  });

  it('is left alone when the place is the subject of the sentence', () => {
    for (const sentence of [
      'Springfield, Ill., is the capital of the state of Illinois.',
      'Springfield, Ill. is the capital of the state of Illinois.',
      'Ferguson, Mo. police said on Sunday that the officer was on leave.',
      'Austin, Texas Police Chief Art Acevedo said the roads were closed.',
    ]) {
      expect(stripDateline(sentence)).toBe(sentence);
    }
  });

  it('needs a real state abbreviation, not any capitalized word with a period', () => {
    expect(stripDateline('Smith, Jr. Company reported profits on Monday in London.')).toBe('Smith, Jr. Company reported profits on Monday in London.');
  });
});

describe('a dateline with an agency in brackets', () => {
  it('is not part of the first sentence after any short opening and a dash', () => {
    expect(stripDateline('on board the California Zephyr (CNN) -- The train left Chicago on Monday.')).toBe('The train left Chicago on Monday.');
  });

  it('is left alone when a sentence only cites the agency', () => {
    const sentence = 'The minister told CNN (CNN) that no talks were planned for the summer.';
    expect(stripDateline(sentence)).toBe(sentence);
  });
});

describe('the place a dateline names', () => {
  it('is kept apart from the text, without the agency or the dash', () => {
    expect(splitDateline('Beijing (CNN) -- Chinese officials said on Monday that the talks would go on.')).toEqual({
      place: 'Beijing',
      text: 'Chinese officials said on Monday that the talks would go on.',
    });
    // A body's place: its first paragraph's, as ingest reads it with the body's sentences.
    const datelinePlace = (text: string): string => leadText(text).place;
    expect(datelinePlace('WASHINGTON (Reuters) - The Senate voted on Friday.\nMore followed.')).toBe('WASHINGTON');
    expect(datelinePlace('Sochi, Russia Two members of Pussy Riot were detained on Tuesday.')).toBe('Sochi, Russia');
    expect(datelinePlace('Springfield, Ill. -- Protesters gathered outside the capitol on Sunday.')).toBe('Springfield, Ill.');
    expect(datelinePlace('(CNN) -- Protesters gathered outside the capitol on Sunday.')).toBe('');
    expect(datelinePlace('Protesters gathered outside the capitol in Beijing on Sunday.')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { summarize, sentencesOf } from '../../src/news/summarize.js';
import { extractEntities } from '../../src/news/entities.js';
import { extractKeyPhrases } from '../../src/news/keyphrases.js';
import { doc, seedDocument } from './fixtures.js';

describe('summarize', () => {
  it('gives the headline, up to three key points from the document in its order, entities and phrases', () => {
    const seed = seedDocument();
    const s = summarize(seed);
    expect(s.docId).toBe(seed.id);
    expect(s.headline).toBe(seed.title);
    expect(s.keyPoints.length).toBeGreaterThan(0);
    expect(s.keyPoints.length).toBeLessThanOrEqual(3);
    const sentences = sentencesOf(seed);
    const positions = s.keyPoints.map((k) => sentences.indexOf(k));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('does not count the section headings as sentences', () => {
    expect(sentencesOf(seedDocument())).not.toContain('War on Gaza');
  });
});

describe('entities', () => {
  const seedEntities = summarize(seedDocument()).entities;

  it('finds the people of the seed with their full names', () => {
    const people = seedEntities.filter((e) => e.kind === 'person').map((e) => e.text);
    expect(people).toContain('Antony Blinken');
    expect(people).toContain('Joe Biden');
    expect(people).toContain('Xi Jinping');
    expect(people).not.toContain('Blinken');
  });

  it('names places by the country dataset, demonyms and acronyms included', () => {
    const places = seedEntities.filter((e) => e.kind === 'place').map((e) => e.text);
    expect(places).toEqual(expect.arrayContaining(['China', 'United States', 'Israel', 'Russia', 'Beijing']));
  });

  it('puts the most mentioned entity first', () => {
    expect(seedEntities[0]!.text).toBe('Antony Blinken');
  });

  it('recognizes organizations by suffix and by acronym', () => {
    const e = extractEntities('Bank warns on rates', [
      'The Bank of England held rates, and Barclays Bank said the Labour Party agreed.',
      'Officials at NATO and the Bank of England met again.',
    ]);
    const orgs = e.filter((x) => x.kind === 'organization').map((x) => x.text);
    expect(orgs).toEqual(expect.arrayContaining(['Bank of England', 'Barclays Bank', 'Labour Party', 'NATO']));
  });

  it('calls someone with a title a person and joins later mentions of the surname', () => {
    const e = extractEntities('Minister resigns', [
      'Health minister Jane Doe resigned on Monday.',
      'Ms Doe said she would stay in Parliament.',
      'Aides to Doe declined to comment.',
    ]);
    expect(e.find((x) => x.text === 'Jane Doe')).toEqual({ text: 'Jane Doe', kind: 'person' });
    expect(e.find((x) => x.text === 'Doe')).toBeUndefined();
  });

  it('does not run a name across a comma or take a sentence opener for a name', () => {
    const e = extractEntities('Talks', ['In Gaza, Blinken said the talks went on.', 'However the talks stalled in Gaza.']);
    expect(e.map((x) => x.text)).not.toContain('Gaza Blinken');
    expect(e.map((x) => x.text)).not.toContain('However');
  });
});

describe('key phrases', () => {
  it('returns repeated multi-word phrases, the title counting double', () => {
    const phrases = extractKeyPhrases('Climate change talks open', [
      'Delegates arrived for the climate change talks.',
      'The talks on climate change will last two weeks.',
      'Rising sea levels worry island nations.',
    ]);
    expect(phrases[0]).toBe('climate change');
    expect(phrases).not.toContain('two weeks');
  });

  it('never builds a phrase across punctuation', () => {
    const phrases = extractKeyPhrases('x', ['In Gaza, Blinken spoke.', 'From Gaza, Blinken left.']);
    expect(phrases).not.toContain('gaza blinken');
  });

  it('gives the seed’s document a few phrases without stop words', () => {
    const s = summarize(doc('Markets', ['Interest rates rose. Interest rates may rise again, said the central bank.']));
    expect(s.keyPhrases).toContain('interest rates');
  });
});

describe('abbreviations among the entities', () => {
  it('lists no TV, PC or GMT as an organization, but keeps real bodies such as the BBC and NATO', () => {
    const d = doc('BBC TV deal', [
      'The BBC signed a TV deal with NATO at 10:00 GMT on Monday.',
      'The BBC said every PC and TV in the office would show it, and NATO agreed.',
      'GMT was chosen because the BBC and NATO share a TV studio.',
    ]);
    const orgs = summarize(d).entities.filter((e) => e.kind === 'organization').map((e) => e.text);
    expect(orgs).toEqual(expect.arrayContaining(['BBC', 'NATO']));
    for (const a of ['TV', 'PC', 'GMT']) expect(orgs).not.toContain(a);
  });

  it('keeps a subject abbreviation such as HIV as a topic, not as an organization', () => {
    const d = doc('HIV rates fall', ['New HIV cases fell last year, the agency said.', 'HIV testing doubled in the same period.']);
    const hiv = summarize(d).entities.find((e) => e.text === 'HIV');
    expect(hiv?.kind).toBe('other');
  });
});

import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/news/library.js';
import { parseTopic } from '../../src/news/query.js';
import type { NewsDocument } from '../../src/news/types.js';
import { doc, seedDocument } from './fixtures.js';

function titles(lib: ReturnType<typeof buildLibrary>, topic: string): string[] {
  const r = lib.brief(topic, { limit: 10, now: new Date('2024-05-02T00:00:00Z') });
  return r.kind === 'ok' ? r.briefing.stories.map((s) => s.doc.title) : [];
}

const filler = 'Officials gave no further details on Tuesday and more news is expected later this week.';

const corpus: NewsDocument[] = [
  doc('Beijing hosts summit', ['Leaders met in Beijing for a two-day summit on trade.', filler]),
  doc('Chinese exports climb', ['Chinese factories shipped more goods abroad in April.', filler]),
  doc('Trade talks stall', ['Talks between the People’s Republic of China and its partners stalled.', filler]),
  doc('American voters head out', ['American voters went to the polls on Tuesday in several states.', filler]),
  doc('US sanctions widen', ['The US widened its sanctions on Monday, the treasury said.', filler]),
  doc('Dotted acronym story', ['The U.S. embassy issued a statement on the visa rules.', filler]),
  doc('Us and them', ['Let us talk about them, the columnist wrote about the neighbours.', filler]),
  doc('Washington responds', ['Officials in Washington responded to the report on Friday.', filler]),
  doc('Blair speech on schools', ['Tony Blair promised more money for schools in a speech.', filler]),
  doc('Cabinet reshuffle', ['Tony Jones replaced Sarah Blair in the cabinet on Monday.', filler]),
  doc('Climate change summit', ['Climate change dominated the agenda of the summit.', filler]),
  doc('Weather change', ['The change in the weather surprised the climate scientists at the station.', filler]),
  doc('Football final', ['The final was decided on penalties after extra time.', filler], { tags: ['sport'] }),
  doc('Sport funding row', ['Funding for sport in schools was cut, the minister said.', filler], { tags: ['politics'] }),
];
const lib = buildLibrary(corpus, {});

describe('country aliases from the world-countries dataset', () => {
  it('finds China by its name, its demonym, its capital and its official name', () => {
    expect(titles(lib, 'china').sort()).toEqual(['Beijing hosts summit', 'Chinese exports climb', 'Trade talks stall']);
    expect(titles(lib, 'Chinese').sort()).toEqual(titles(lib, 'china').sort());
  });

  it('reads a capital typed alone as the city, not its whole country', () => {
    expect(titles(lib, 'beijing')).toEqual(['Beijing hosts summit']);
  });

  it('finds the United States as US, U.S., American and Washington, but not the word "us"', () => {
    const us = titles(lib, 'united states').sort();
    expect(us).toEqual(['American voters head out', 'Dotted acronym story', 'US sanctions widen', 'Washington responds']);
    expect(titles(lib, 'US').sort()).toEqual(us);
    expect(titles(lib, 'us').sort()).toEqual(us);
    expect(titles(lib, 'american').sort()).toEqual(us);
    expect(us).not.toContain('Us and them');
  });

  it('ranks the word the user typed above its aliases', () => {
    const extra = [
      ...corpus,
      doc('China named directly', ['China China China said the ministry, on China.', filler]),
    ];
    expect(titles(buildLibrary(extra, {}), 'china')[0]).toBe('China named directly');
  });

  it('builds the alias list from the dataset, not a hand list', () => {
    const q = parseTopic('china');
    const phrases = q.slots[0]!.alternatives.flatMap((a) => (a.kind === 'phrase' ? [a.stems.join(' ')] : [a.text]));
    expect(phrases).toEqual(expect.arrayContaining(['china', 'chines', 'beij', 'zhongguo']));
  });
});

describe('phrases and ranking', () => {
  it('ranks a multi-word topic with its words adjacent above one with the words apart', () => {
    expect(titles(lib, 'tony blair')).toEqual(['Blair speech on schools', 'Cabinet reshuffle']);
    expect(titles(lib, 'climate change')).toEqual(['Climate change summit', 'Weather change']);
  });

  it('puts documents tagged with the topic first', () => {
    expect(titles(lib, 'sport')[0]).toBe('Football final');
    expect(titles(lib, 'sport')).toContain('Sport funding row');
  });

  it('weighs a title match above a match deep in the body', () => {
    const docs = [
      doc('Budget day arrives', ['The chancellor spoke to parliament about taxes and spending plans.']),
      doc('Other news', ['Farmers protested about fuel prices in the north.', 'Later the budget came up briefly.']),
    ];
    expect(titles(buildLibrary(docs, {}), 'budget')).toEqual(['Budget day arrives', 'Other news']);
  });

  it('breaks a tie in relevance by recency', () => {
    const docs = [
      doc('Harbour story', ['The harbour reopened.'], { date: '2024-01-01T00:00:00Z', path: 'old.txt' }),
      doc('Harbour story', ['The harbour reopened!'], { date: '2024-04-30T00:00:00Z', path: 'new.txt' }),
    ];
    const r = buildLibrary(docs, {}).brief('harbour', { limit: 5, now: new Date('2024-05-01T00:00:00Z') });
    expect(r.kind === 'ok' && r.briefing.stories[0]!.doc.path).toBe('new.txt');
  });

  it('folds case and stems the topic ("Elections" finds "election")', () => {
    const docs = [doc('Vote', ['The election was close.', filler])];
    expect(titles(buildLibrary(docs, {}), 'ELECTIONS')).toEqual(['Vote']);
  });
});

describe('topics and suggestions', () => {
  const seedLib = buildLibrary([seedDocument()], {});

  it('lists the most covered topics first, tags included', () => {
    const t = lib.topics(50);
    expect(t.map((x) => x.name)).toContain('sport');
    for (let i = 1; i < t.length; i++) expect(t[i - 1]!.count).toBeGreaterThanOrEqual(t[i]!.count);
  });

  it('suggests topics starting with a prefix, or with a word that does', () => {
    expect(seedLib.suggest('bli')).toContain('Antony Blinken');
    expect(seedLib.suggest('chi')[0]).toMatch(/^chin/i);
  });

  it('suggests close spellings when nothing starts with the prefix', () => {
    expect(seedLib.suggest('chnia')).toContain('China');
    expect(seedLib.suggest('blinkin')).toContain('Antony Blinken');
  });

  it('caps suggestions at the limit', () => {
    expect(seedLib.suggest('', 3)).toHaveLength(3);
  });
});

describe('tags', () => {
  it('matches a tag word by word and by stem', () => {
    const docs = [
      doc('Derby tonight', ['The derby kicks off at eight.'], { tags: ['world-news'] }),
      doc('Match report', ['The home side won.'], { tags: ['sports'] }),
    ];
    const lib2 = buildLibrary(docs, {});
    expect(titles(lib2, 'world news')).toEqual(['Derby tonight']);
    expect(titles(lib2, 'sport')).toEqual(['Match report']);
  });

  it('matches no document by a topic of punctuation alone', () => {
    const lib2 = buildLibrary([doc('Odd tag', ['Text.'], { tags: ['!!!'] })], {});
    expect(lib2.brief('!!!').kind).toBe('no_match');
  });
});

import { describe, expect, it } from 'vitest';
import { associationWeights, countAssociations } from '../../src/news/associations.js';
import { analyze, createVocabulary } from '../../src/news/terms.js';
import { stem } from '../../src/news/sentences.js';

function library(texts: string[]) {
  const vocab = createVocabulary();
  const terms = texts.map((text, i) => analyze({ title: `story ${i}`, text }, vocab));
  const id = (word: string): number => vocab.find(stem(word))!;
  return { vocab, terms, id };
}

const musicStories = [
  'The band released a new album of music and the singer toured.',
  'Her music album topped the charts as the singer celebrated.',
  'Critics praised the music on the album; the singer thanked fans.',
];
const weatherStories = [
  'Heavy rain and cold weather closed the roads on Monday.',
  'The weather turned cold and rain fell across the north.',
  'Forecasters expect rain and more cold weather this week.',
  'The singer cancelled a concert because of the rain.',
];

describe('words that go with a topic across the library', () => {
  it('finds that "album" goes with music and "rain" does not', () => {
    const { vocab, terms, id } = library([...musicStories, ...weatherStories]);
    const a = countAssociations(terms.slice(0, 3), vocab, new Set([id('music')]));
    const weight = associationWeights(a, terms[5]!, vocab);
    expect(weight(id('album'))).toBeGreaterThan(0);
    expect(weight(id('rain'))).toBe(0);
  });

  it('does not let the story being shown vouch for its own words', () => {
    const { vocab, terms, id } = library([
      'The music festival sold every album and ticket for its zither night.',
      'Music fans queued for the album launch and a zither.',
      'A new music album came out on Friday.',
      'The music album of the year has a zither solo.',
      ...weatherStories,
    ]);
    const a = countAssociations(terms.slice(0, 4), vocab, new Set([id('music')]));
    // "album" is in all four music stories, "zither" in this one and two others: too few without it.
    expect(associationWeights(a, terms[0]!, vocab)(id('album'))).toBeGreaterThan(0);
    expect(associationWeights(a, terms[0]!, vocab)(id('zither'))).toBe(0);
  });

  it('gives nothing to a word every story holds', () => {
    const { vocab, terms, id } = library(['Music news: the album is out.', 'Music news: a second album.', 'Music news: album three.', 'Weather news: rain.', 'Sport news: a win.']);
    const a = countAssociations(terms.slice(0, 3), vocab, new Set([id('music')]));
    const weight = associationWeights(a, terms[4]!, vocab);
    expect(weight(id('album'))).toBeGreaterThan(0);
    expect(weight(id('news'))).toBe(0);
  });
});

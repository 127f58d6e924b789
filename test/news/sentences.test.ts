import { describe, expect, it } from 'vitest';
import { splitSentences, stem, tokenize, tokenizeRaw } from '../../src/news/sentences.js';

describe('splitSentences', () => {
  it('splits plain sentences after a period, question mark or exclamation mark', () => {
    expect(splitSentences('It rained. Was it cold? Very! Then it stopped.')).toEqual([
      'It rained.',
      'Was it cold?',
      'Very!',
      'Then it stopped.',
    ]);
  });

  it('does not split after titles such as Mr., Mrs., Dr. and St.', () => {
    expect(splitSentences('Mr. Smith met Mrs. Jones and Dr. Patel at St. Paul’s. They talked.')).toEqual([
      'Mr. Smith met Mrs. Jones and Dr. Patel at St. Paul’s.',
      'They talked.',
    ]);
  });

  it('keeps U.S. and U.K. inside a sentence', () => {
    expect(splitSentences('The U.S. economy grew faster than the U.K. economy. Markets cheered.')).toEqual([
      'The U.S. economy grew faster than the U.K. economy.',
      'Markets cheered.',
    ]);
  });

  it('ends a sentence on U.S. when a new sentence plainly starts after it', () => {
    expect(splitSentences('The talks were held in the U.S. The next round is in May.')).toEqual([
      'The talks were held in the U.S.',
      'The next round is in May.',
    ]);
  });

  it('keeps month abbreviations and times of day inside a sentence', () => {
    expect(splitSentences('The vote is on Jan. 5 at 3 p.m. local time, not Feb. 2. It may move.')).toEqual([
      'The vote is on Jan. 5 at 3 p.m. local time, not Feb. 2.',
      'It may move.',
    ]);
  });

  it('never splits a decimal number', () => {
    expect(splitSentences('Inflation rose 3.5% to a 1.25bn peak. Prices fell 0.2 points.')).toEqual([
      'Inflation rose 3.5% to a 1.25bn peak.',
      'Prices fell 0.2 points.',
    ]);
  });

  it('keeps initials with the name they belong to', () => {
    expect(splitSentences('J. K. Rowling met George W. Bush. It was brief.')).toEqual([
      'J. K. Rowling met George W. Bush.',
      'It was brief.',
    ]);
  });

  it('ends a sentence inside closing quotes, straight or curly', () => {
    expect(splitSentences('He said: "We won." Then he left. She said: “It is over.” Nobody replied.')).toEqual([
      'He said: "We won."',
      'Then he left.',
      'She said: “It is over.”',
      'Nobody replied.',
    ]);
  });

  it('starts a new sentence at an opening quote', () => {
    expect(splitSentences('"I am confident," said Claxton. "But I take each race as it comes."')).toEqual([
      '"I am confident," said Claxton.',
      '"But I take each race as it comes."',
    ]);
  });

  it('does not split after a comma inside quotes', () => {
    expect(splitSentences('"We are ready," she said, "and we will win."')).toEqual(['"We are ready," she said, "and we will win."']);
  });

  it('treats an ellipsis before a capital as an end, and before lower case as a pause', () => {
    expect(splitSentences('He waited... and waited. Then… Nothing happened.')).toEqual([
      'He waited... and waited.',
      'Then…',
      'Nothing happened.',
    ]);
  });

  it('does not split before a lower-case word (e.g., etc.)', () => {
    expect(splitSentences('Fruit, e.g. apples, etc. are cheap. So is bread.')).toEqual(['Fruit, e.g. apples, etc. are cheap.', 'So is bread.']);
  });

  it('returns nothing for blank text and the text itself when there is no end mark', () => {
    expect(splitSentences('   ')).toEqual([]);
    expect(splitSentences('Support for Russia')).toEqual(['Support for Russia']);
  });
});

describe('tokenize and stem', () => {
  it('lowercases, drops possessive s and punctuation, and reads U.S. as us', () => {
    expect(tokenize("Blinken's U.S. trip: Côte d'Ivoire, 3.5%")).toEqual(['blinken', 'us', 'trip', 'cote', 'divoire', '3', '5']);
  });

  it('marks words written in capitals as acronyms, dotted or not', () => {
    const raw = tokenizeRaw('The US and the U.K. told us NATO would act');
    expect(raw.filter((t) => t.acronym).map((t) => t.word)).toEqual(['us', 'uk', 'nato']);
    expect(raw.find((t) => t.word === 'us' && !t.acronym)).toBeDefined();
  });

  it('stems with Porter so inflections meet', () => {
    expect(stem('elections')).toBe(stem('election'));
    expect(stem('running')).toBe('run');
  });
});

describe('sentences run together without a space', () => {
  it('splits "dangerous.The" into two sentences', () => {
    expect(splitSentences('The road was dangerous.The police closed it on Monday.')).toEqual(['The road was dangerous.', 'The police closed it on Monday.']);
  });

  it('leaves dotted abbreviations, domain names and decimals whole', () => {
    for (const s of ['Officials in the U.S.A. said so.', 'Visit bbc.co.uk for more.', 'Shares in Amazon.Com rose 2.5% today.', 'Prices rose, e.g.Bread and milk.']) {
      expect(splitSentences(s)).toEqual([s]);
    }
  });
});

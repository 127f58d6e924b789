import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/news/library.js';
import { extractEntities } from '../../src/news/entities.js';
import { nameKeyOf } from '../../src/news/aliases.js';
import { doc } from './fixtures.js';

const texts = (title: string, sentences: string[]) => extractEntities(title, sentences).map((e) => e.text);
const now = new Date('2024-05-02T00:00:00Z');

describe('names of one thing', () => {
  it('does not offer "Tory" beside "Conservative"', () => {
    const one = texts('Vote', ['The Conservatives voted against it.', 'A Tory spokesman said no, and the Tories lost.', 'The Conservative Party met.']);
    expect(one).toHaveLength(1);
    expect(extractEntities('Vote', ['The Conservatives voted against it.', 'A Tory spokesman said no, and the Tories lost.', 'The Tories were angry.'])).toEqual([
      { text: 'Tories', kind: 'other' },
    ]);
    const lib = buildLibrary(
      [
        doc('Vote', ['The Tories voted against it on Monday.', 'Labour said yes and the Tories lost.']),
        doc('Poll', ['The Conservatives gained.', 'Conservative Party officials said yes, and the Conservatives cheered.']),
        doc('Budget', ['A Tory spokesman said no.', 'The Tory plan was costed on Tuesday.']),
      ],
      {},
    );
    const names = lib.topics(50).map((t) => t.name);
    expect(names.filter((n) => /^(tory|tories|conservatives?|conservative party)$/i.test(n))).toHaveLength(1);
    expect(lib.topics(50).find((t) => nameKeyOf(t.name) === 'conservative')?.count).toBe(3);
  });

  it('does not offer "ISIS" beside "Islamic State", "ISIL" or "Daesh"', () => {
    expect(texts('Town taken', ['ISIS fighters took the town.', 'Islamic State said more on Monday, and ISIS said less.'])).toEqual(['ISIS']);
    expect(texts('Strikes', ['Jets struck ISIL targets.', 'ISIL lost ground, and Daesh lost more.'])).toEqual(['ISIL']);
    const lib = buildLibrary(
      [
        doc('Town taken', ['ISIS fighters took the town.', 'ISIS said more on Monday.']),
        doc('Strikes', ['Jets struck Islamic State targets on Tuesday.', 'Islamic State lost ground.']),
        doc('Talks', ['Ministers discussed ISIL on Wednesday.', 'ISIL was the subject.']),
      ],
      {},
    );
    const names = lib.topics(50).map((t) => t.name);
    expect(names.filter((n) => ['ISIS', 'ISIL', 'Islamic State'].includes(n))).toEqual(['ISIS']);
    expect(lib.topics(50).find((t) => t.name === 'ISIS')?.count).toBe(3);
    for (const topic of ['islamic state', 'isis', 'ISIL']) {
      const r = lib.brief(topic, { now });
      if (r.kind !== 'ok') throw new Error('expected a briefing');
      expect(r.briefing.suggestions).not.toContain('ISIS');
      expect(r.briefing.suggestions).not.toContain('ISIL');
    }
  });

  it('folds "Lib Dems" and "Liberal Democrats", "GOP" and "Republicans", and nothing it does not know', () => {
    expect(nameKeyOf('Lib Dems')).toBe(nameKeyOf('Liberal Democrats'));
    expect(nameKeyOf('GOP')).toBe(nameKeyOf('Republicans'));
    expect(nameKeyOf('Labour Party')).toBe(nameKeyOf('Labour'));
    // An abbreviation has no plural: AIDS is not aid.
    expect(nameKeyOf('AIDS')).not.toBe(nameKeyOf('Aid'));
    expect(nameKeyOf('IS')).not.toBe(nameKeyOf('Islamic State'));
    // A key phrase is common words: a shell company is no company called Shell.
    expect(nameKeyOf('shell company')).not.toBe(nameKeyOf('Shell'));
  });

  it('splits a party from the member it names ("Tory MP Michael Mates")', () => {
    const found = extractEntities('Vote', ['Tory MP Michael Mates spoke on Monday.', 'Labour MP Jean Corston agreed with Mates.']);
    expect(found).toEqual(expect.arrayContaining([{ text: 'Michael Mates', kind: 'person' }, { text: 'Jean Corston', kind: 'person' }]));
    expect(found.map((e) => e.text)).not.toContain('Tory MP Michael Mates');
    expect(found.map((e) => e.text)).not.toContain('Labour MP Jean Corston');
  });
});

describe('Georgia, a state and a country', () => {
  const georgia = (title: string, sentences: string[]) => extractEntities(title, sentences).find((e) => e.text === 'Georgia');

  it('reads "Georgia" in a story about Atlanta as the US state, not the country of Tbilisi', () => {
    expect(georgia('Storm', ['A storm hit Atlanta, Georgia, on Monday.', 'Georgia officials said more.'])).toEqual({ text: 'Georgia', kind: 'other' });
    expect(georgia('Laws', ['Courts blocked laws in Alabama and Georgia.', 'Georgia will appeal.'])).toEqual({ text: 'Georgia', kind: 'other' });
    expect(georgia('Death', ['Police in Cobb County, Georgia, said so.', 'Georgia police said more.'])).toEqual({ text: 'Georgia', kind: 'other' });
    expect(georgia('Senate', ['Senator Johnny Isakson (R-Ga.) spoke.', 'He said Georgia asked for a waiver, and Georgia got it.'])).toEqual({ text: 'Georgia', kind: 'other' });
  });

  it('keeps "Georgia" the country where the story says so or says nothing of the US', () => {
    expect(georgia('Pardon', ['Georgia plans a pardon.', 'The Georgian parliament in Tbilisi met on Monday, Georgia said.'])).toEqual({ text: 'Georgia', kind: 'place' });
    expect(georgia('Draw', ['England were drawn against Samoa, France, Italy, Georgia and Chinese Taipei.'])).toEqual({ text: 'Georgia', kind: 'place' });
    // Tbilisi outweighs a US city the story also names.
    expect(georgia('Visit', ['The minister flew from Atlanta to Tbilisi, Georgia.', 'Georgia welcomed him.'])).toEqual({ text: 'Georgia', kind: 'place' });
  });

  it('does not offer the state as a place in Related, as it offers no other state', () => {
    const docs = [1, 2, 3].map((i) => doc(`Hot car death ${i}`, [`Police in Cobb County, Georgia, charged the father on day ${i}.`, 'Georgia prosecutors said Justin Ross Harris would appear in court.', 'Harris denied it.']));
    const r = buildLibrary(docs, {}).brief('harris', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.suggestions).not.toContain('Georgia');
  });
});

describe('the word that opens a sentence', () => {
  it('does not take a headline\'s opening word into a name ("Prominent Uyghur")', () => {
    const found = texts('Prominent Uyghur scholar goes on trial in China', [
      'Ilham Tohti, an economics professor in Beijing, was detained in January.',
      'Critics, including exiled Uyghur activists, blame Beijing.',
      'Uyghur separatists were blamed, Tohti said.',
    ]);
    expect(found).not.toContain('Prominent Uyghur');
    expect(found).toEqual(expect.arrayContaining(['Ilham Tohti', 'Uyghur', 'China']));
    // Nor in Related for beijing.
    const docs = [1, 2].map((i) =>
      doc(`Prominent Uyghur scholar goes on trial, day ${i}`, ['Ilham Tohti, an economics professor in Beijing, was detained in January.', 'Exiled Uyghur activists blame Beijing, and Uyghur groups agree.']),
    );
    const r = buildLibrary(docs, {}).brief('beijing', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.suggestions).not.toContain('Prominent Uyghur');
  });

  it('does not glue "Former", "Senior" or "Although" to the party or the person after it', () => {
    const found = texts('Vote', ['Former Tory leader William Hague spoke.', 'Senior Tories agreed with the Tory plan.', 'Although Hague said so, the Tory whips did not.']);
    for (const bad of ['Former Tory', 'Senior Tories', 'Although Hague']) expect(found).not.toContain(bad);
    expect(found).toEqual(expect.arrayContaining(['William Hague', 'Tory']));
  });

  it('keeps a name that a common word begins ("Royal Mail", "Northern Ireland", "North Korea")', () => {
    expect(texts('Post', ['Royal Mail cut jobs.', 'The Mail said so, and Royal Mail agreed.'])).toContain('Royal Mail');
    expect(texts('Talks', ['Northern Ireland voted.', 'Ireland watched, and Ireland waited.'])).toContain('Northern Ireland');
    expect(texts('Talks', ['North Korea tested a missile.', 'Korea watched, and Korea waited.'])).toContain('North Korea');
    // A given name that is also a word stays the person's ("Mark", "Drew").
    expect(texts('Film', ['Drew Barrymore starred.', 'Critics said Barrymore shone.'])).toContain('Drew Barrymore');
  });
});

describe('abbreviations', () => {
  it('does not offer "CM" beside "Championship Manager", the name the story spells out for it', () => {
    const found = extractEntities('Football Manager scores', [
      'Fans are used to the annual helping of Championship Manager (CM).',
      'Eidos kept the CM brand, and the next CM game is due.',
      'Fans of the CM games will like it.',
    ]);
    expect(found.map((e) => e.text)).not.toContain('CM');
    expect(found).toContainEqual({ text: 'Championship Manager', kind: 'organization' });
    // Spelled out after an article too, and a name with " of " is no heading once abbreviated.
    expect(texts('Ban', ['He was banned by the International Association of Athletics Federations (IAAF).', 'The IAAF said more, and the IAAF ruled.'])).toEqual([
      'International Association of Athletics Federations',
    ]);
  });

  it('does not offer an interviewer\'s initials ("JG: …") as an organization', () => {
    const found = texts('Will the West ever understand China?', [
      'Journalist John Gapper spoke to Martin Jacques, and Martin Jacques answered.',
      'JG: Your book is called When China Rules the World.',
      'MJ: Well, who knows what will happen.',
      'JG: It seems to me that China differs.',
      'MJ: I think that is correct, Gapper.',
    ]);
    for (const label of ['JG', 'MJ']) expect(found).not.toContain(label);
    expect(found).toEqual(expect.arrayContaining(['Martin Jacques', 'John Gapper', 'China']));
    // An abbreviation the story uses as a name stays one.
    expect(texts('Deal', ['BT: the deal is done.', 'Rivals said BT was late, and BT agreed.'])).toEqual(['BT']);
  });

  it('counts "UKIP" toward the UK Independence Party, whose initials it spells with "UK" whole', () => {
    const lib = buildLibrary(
      [
        doc('Vote', ['The UK Independence Party won seats.', 'The UK Independence Party said more.']),
        doc('Poll', ['UKIP gained in the poll.', 'UKIP leaders cheered.']),
      ],
      {},
    );
    const names = lib.topics(50).map((t) => t.name);
    expect(names).toContain('UK Independence Party');
    expect(names).not.toContain('UKIP');
  });
});

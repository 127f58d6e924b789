import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/news/library.js';
import { extractEntities } from '../../src/news/entities.js';
import { extractKeyPhrases } from '../../src/news/keyphrases.js';
import { summarize } from '../../src/news/summarize.js';
import { stripDateline } from '../../src/news/dateline.js';
import { makeDocument } from '../../src/news/document.js';
import { doc, seedDocument } from './fixtures.js';

const texts = (title: string, sentences: string[]) => extractEntities(title, sentences).map((e) => e.text);

describe('topics and entities', () => {
  it('does not offer "U.S" beside "United States"', () => {
    const found = texts('Trade talks', ['The U.S. economy grew.', 'Officials in the United States said so.', 'U.S officials agreed.', 'Americans were told on Monday.']);
    expect(found).toContain('United States');
    expect(found).not.toContain('U.S');
    expect(found).not.toContain('U.S.');
    expect(found).not.toContain('Americans');
  });

  it('does not offer "Turkey" beside the country its demonym names', () => {
    const found = extractEntities('Border talks', ['Officials in Turkey closed the border.', 'Turkish troops stayed on Monday, and Turkey said more.']);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual({ text: 'Türkiye', kind: 'place' });
  });

  it('does not offer "U.S GDP": the country and the subject are two names', () => {
    const found = texts('Growth', ['U.S GDP grew by 2% in the quarter.', 'Economists said U.S GDP would slow.']);
    expect(found).toEqual(['United States', 'GDP']);
  });

  it('does not offer "Age of Digital Technology", a heading, as a topic', () => {
    expect(texts('Books', ['Welcome to the Age of Digital Technology, the speaker said.', 'In the Age of Digital Technology, books change.'])).toEqual([]);
  });

  it('does not offer "EU" beside "European Union", nor "Tories" beside "Tory", nor "Labour Party" beside "Labour"', () => {
    expect(extractEntities('Plan', ['The European Union agreed.', 'The EU said more, and the EU said less.'])).toEqual([{ text: 'European Union', kind: 'organization' }]);
    expect(texts('Plan', ['Labour attacked the Tories.', 'The Tories said no, a Tory spokesman said.'])).toEqual(['Tories']);
    expect(texts('Plan', ['The Labour Party met.', 'Labour said no, and Labour said more.'])).toEqual(['Labour']);
    // Across the library too: stories that only say "EU" count toward the European Union.
    const lib = buildLibrary(
      [
        doc('Summit', ['The European Union met in Brussels.', 'The European Union agreed.']),
        doc('Talks', ['The EU met in Brussels on trade.', 'The EU agreed on Monday.']),
        doc('Vote', ['The Tories voted against it on Monday, and Labour voted for it.', 'Labour said yes and the Tories lost.']),
        doc('Poll', ['A Tory spokesman said no.', 'Labour Party officials said yes to the Tory plan.']),
      ],
      {},
    );
    const topics = lib.topics(50);
    expect(topics.find((t) => t.name === 'European Union')?.count).toBe(2);
    expect(topics.find((t) => t.name === 'Tory' || t.name === 'Tories')?.count).toBe(2);
    for (const gone of ['EU', 'Labour Party']) expect(topics.map((t) => t.name)).not.toContain(gone);
  });

  it('keeps an abbreviation apart from a rare name or a person that only shares its initials', () => {
    const bt = (i: number) => doc(`Broadband ${i}`, [`BT cut its broadband prices on day ${i}.`, 'Rivals said BT was late.']);
    const lib = buildLibrary(
      [bt(1), bt(2), bt(3), bt(4), bt(5), doc('Quiz', ['The Brains Trust met again.', 'The Brains Trust said more.']), doc('Column', ['Our columnist is Bill Thompson, and Bill Thompson wrote again.']), doc('Column two', ['A word from Bill Thompson: Bill Thompson wrote once more.'])],
      {},
    );
    const topics = lib.topics(50);
    expect(topics.find((t) => t.name === 'BT')?.count).toBe(5);
    expect(topics.find((t) => t.name === 'Brains Trust')?.count).toBe(1);
    expect(topics.find((t) => t.name === 'Bill Thompson')?.count).toBe(2);
    // Nor within one story: a column by Bill Thompson about BT names two things.
    expect(texts('BT', ['Our columnist Bill Thompson wrote about BT.', 'Bill Thompson said BT was slow, and BT agreed.']).sort()).toEqual(['BT', 'Bill Thompson']);
  });

  it('does not offer "America" beside "United States", nor "European" beside "Europe"', () => {
    expect(texts('Plan', ['America must act, he said.', 'People across the United States watched.'])).toEqual(['United States']);
    expect(texts('Plan', ['European leaders met on Sunday.', 'Europe agreed on Monday, and Europe said more.'])).toEqual(['Europe']);
    // "Latin America" is no part of the United States.
    expect(texts('Plan', ['Leaders from Latin America met.', 'Latin American leaders agreed.'])).toEqual(['Latin America']);
  });

  it('does not offer "MPs", an abbreviation that names nobody', () => {
    expect(texts('Vote', ['The vote was close, MPs said.', 'Most MPs agreed.'])).toEqual([]);
  });

  it('does not offer "U.S State Department" or "U.S Supreme Court" beside the department, the court and "United States"', () => {
    expect(texts('Visa', ['A U.S State Department official said so.', 'The State Department agreed.'])).toEqual(['State Department', 'United States']);
    expect(texts('Ruling', ['The U.S Supreme Court ruled on Monday.', 'The ruling of the Supreme Court stands.'])).toEqual(['Supreme Court', 'United States']);
    // A name that starts with a country and is never shortened stays whole.
    expect(texts('Vote', ['The UK Independence Party won seats.', 'The UK Independence Party said more.'])).toEqual(['UK Independence Party']);
  });

  it('does not offer "American Ebola": a demonym before a name the story uses alone is two names', () => {
    expect(texts('Ebola', ['The American Ebola patient is improving.', 'Doctors said Ebola had spread.', 'Ebola kills.'])).toEqual(
      expect.arrayContaining(['Ebola', 'United States']),
    );
    expect(texts('Ebola', ['The American Ebola patient is improving.', 'Doctors said Ebola had spread.'])).not.toContain('American Ebola');
    // A name of its own stays whole ("Australian Open"), as does a person named after a country.
    expect(texts('Tennis', ['She won the Australian Open on Sunday.', 'The Australian Open ended.'])).toEqual(['Australian Open']);
    expect(texts('Match', ['The captain Jordan Henderson scored on Sunday.', 'Later Henderson said more.'])).toEqual(['Jordan Henderson']);
  });

  it('does not suggest the person asked about under a longer name ("Barack Obama" for obama)', () => {
    const docs = ['Obama speaks', 'Obama travels', 'Obama signs'].map((title, i) =>
      doc(title, [`President Barack Obama spoke in Ohio on day ${i} with John Kerry.`, 'Obama said more, and Kerry agreed.']),
    );
    const r = buildLibrary(docs, {}).brief('obama', { now: new Date('2024-05-02T00:00:00Z') });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.suggestions).toContain('John Kerry');
    expect(r.briefing.suggestions).not.toContain('Barack Obama');
  });

  it('keeps "New Jersey" whole instead of offering "Jersey"', () => {
    const found = texts('Storm', ['New Jersey was hit hard.', 'The governor of New Jersey spoke on Monday.']);
    expect(found).toContain('New Jersey');
    expect(found).not.toContain('Jersey');
  });

  it('offers "State Department" and "Home Office", not "Department" and "Office" as people', () => {
    const found = extractEntities('Visa rules', ['A State Department spokeswoman said so.', 'The Home Office agreed.', 'The State Department and the Home Office met.']);
    expect(found).toEqual(expect.arrayContaining([{ text: 'State Department', kind: 'organization' }, { text: 'Home Office', kind: 'organization' }]));
    expect(found.map((e) => e.text)).not.toContain('Department');
    expect(found.map((e) => e.text)).not.toContain('Office');
  });

  it('keeps "Islamic State" whole instead of offering "Islamic"', () => {
    const found = texts('Town taken', ['Fighters loyal to Islamic State took the town.', 'Islamic State said more on Monday.']);
    expect(found).toContain('Islamic State');
    expect(found).not.toContain('Islamic');
    // A qualifier after a real title still titles nobody: "US Secretary of State" is the US.
    expect(texts('Talks', ['The US Secretary of State spoke.', 'The US Vice President spoke too.'])).toEqual(['United States']);
  });

  it('offers no Twitter handle and no publisher\'s section ("@CNNOpinion") as a topic', () => {
    expect(texts('Opinion', ['Follow us on Twitter @CNNOpinion.', 'Join us at @CNNOpinion and @sammsy now.'])).toEqual([]);
    const docs = ['Storm hits coast', 'Court rules on law'].map((title) => doc(title, [`Read more from CNNOpinion on the ${title.toLowerCase()}.`, 'CNNOpinion said more.']));
    expect(buildLibrary(docs, {}).topics(50).map((t) => t.name)).not.toContain('CNNOpinion');
  });

  it('splits "Washington The Supreme Court" into two names', () => {
    const found = texts('Ruling', ['In Washington The Supreme Court ruled on Monday.', 'The Supreme Court said more.']);
    expect(found.some((t) => /Washington The/.test(t))).toBe(false);
  });

  it('offers no key phrase that runs into a name or a number', () => {
    const phrases = [...summarize(seedDocument()).keyPhrases, ...buildLibrary([seedDocument()], {}).topics(100).map((t) => t.name.toLowerCase())];
    expect(extractKeyPhrases('Oil prices', ['Oil prices rose again.', 'The oil prices fell later.'])).toContain('oil prices');
    for (const bad of ['state antony blinken', 'us secretary', 'chinese attempts', 'two nations']) expect(phrases).not.toContain(bad);
  });

  it('does not offer CNN, the source, as a topic', () => {
    const docs = ['Storm hits coast', 'Court rules on law', 'Markets fall again'].map((title, i) =>
      makeDocument({
        title,
        body: `CNN reported the news on day ${i}. CNN said more would follow about the ${title.toLowerCase()}. Officials told CNN nothing.`,
        source: 'CNN',
        publishedAt: new Date('2024-05-01T00:00:00Z'),
        path: `cnn/${i}.json`,
        tags: [],
      })!,
    );
    const lib = buildLibrary(docs, {});
    expect(lib.topics(50).map((t) => t.name)).not.toContain('CNN');
    const r = lib.brief('storm', { now: new Date('2024-05-02T00:00:00Z') });
    if (r.kind === 'ok') expect(r.briefing.suggestions).not.toContain('CNN');
  });

  it('does not offer a publisher as a topic when the text names no source', () => {
    expect(buildLibrary([seedDocument()], {}).topics(100).map((t) => t.name)).not.toContain('CNN');
    const docs = ['Storm hits coast', 'Court rules on law', 'Markets fall again'].map((title, i) =>
      doc(title, [`Officials told CNN and the BBC about the ${title.toLowerCase()} on day ${i}.`, `Reuters and AFP reported that the Associated Press had the story first, as CNN said.`]),
    );
    const lib = buildLibrary(docs, {});
    const names = lib.topics(50).map((t) => t.name.toLowerCase());
    for (const publisher of ['cnn', 'bbc', 'reuters', 'afp', 'associated press']) expect(names).not.toContain(publisher);
    const r = lib.brief('storm', { now: new Date('2024-05-02T00:00:00Z') });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.suggestions.map((s) => s.toLowerCase())).not.toContain('cnn');
  });

  it('counts the tag "us" as the United States, not as a topic beside it', () => {
    const lib = buildLibrary(
      [doc('Vote in Ohio', ['The United States went to the polls in Ohio on Tuesday.'], { tags: ['us'] }), doc('Markets', ['The United States economy grew.'])],
      {},
    );
    const names = lib.topics(50).map((t) => t.name.toLowerCase());
    expect(names).toContain('united states');
    expect(names).not.toContain('us');
  });
});

describe('datelines', () => {
  it('are not part of the first sentence', () => {
    expect(stripDateline('WASHINGTON (Reuters) - The Senate voted on Friday to pass the bill.')).toBe('The Senate voted on Friday to pass the bill.');
    expect(stripDateline('London (CNN) -- The queen opened parliament on Tuesday.')).toBe('The queen opened parliament on Tuesday.');
    expect(stripDateline("London U.S. President Barack Obama's plan was debated in parliament.")).toBe("U.S. President Barack Obama's plan was debated in parliament.");
  });

  it('leave a city that begins a name or a possessive alone', () => {
    expect(stripDateline('London Mayor Boris Johnson said the games were a success.')).toBe('London Mayor Boris Johnson said the games were a success.');
    expect(stripDateline("Hong Kong's protesters gathered again on Sunday.")).toBe("Hong Kong's protesters gathered again on Sunday.");
  });

  it('are dropped from the key points and the sentences a topic shows', () => {
    const d = doc('Senate vote', ['WASHINGTON (Reuters) - The Senate voted on Friday to pass the farm bill after months of talks.', 'Farmers welcomed the farm bill.']);
    const lib = buildLibrary([d], {});
    expect(lib.summaryOf(d.id)!.keyPoints.join(' ')).not.toMatch(/Reuters/);
    const r = lib.brief('senate', { now: new Date('2024-05-02T00:00:00Z') });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories[0]!.sentences[0]).toBe('The Senate voted on Friday to pass the farm bill after months of talks.');
  });
});

import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/news/library.js';
import { parseTopic } from '../../src/news/query.js';
import { doc } from './fixtures.js';

const now = new Date('2024-05-02T00:00:00Z');
const filler = 'Officials gave no further details on Tuesday and more news is expected later this week.';

function titles(lib: ReturnType<typeof buildLibrary>, topic: string): string[] {
  const r = lib.brief(topic, { limit: 10, now });
  return r.kind === 'ok' ? r.briefing.stories.map((s) => s.doc.title) : [];
}

describe('country aliases of different strength', () => {
  const corpus = [
    doc('Berlin film festival opens', ['The Berlin film festival opened with a drama set in Berlin.', 'Berlin critics liked it, and the Berlin crowds were large.']),
    doc('Berlin prize for drama', ['A drama won the top prize in Berlin on Saturday night.', filler]),
    doc('Factory orders fall', ['German factory orders fell in March, the statistics office said.', filler]),
    doc('Chancellor visits Paris', ['The chancellor of Germany met the French president in Paris.', filler]),
  ];
  const lib = buildLibrary(corpus, {});

  it('ranks stories naming Germany or Germans above stories that only name Berlin', () => {
    const ranked = titles(lib, 'Germany');
    expect(ranked.slice(0, 2).sort()).toEqual(['Chancellor visits Paris', 'Factory orders fall']);
    // The capital still counts: Berlin stories come after, not never.
    expect(ranked).toContain('Berlin film festival opens');
  });

  it('still ranks the capital first when the user asks for the capital', () => {
    expect(titles(lib, 'Berlin').slice(0, 2).sort()).toEqual(['Berlin film festival opens', 'Berlin prize for drama']);
  });

  it('weighs a capital below the country names among the alternatives', () => {
    const alts = parseTopic('germany').slots[0]!.alternatives;
    const weightOf = (stems: string) => alts.find((a) => a.kind === 'phrase' && a.stems.join(' ') === stems)?.weight;
    expect(weightOf('berlin')).toBeLessThan(weightOf('german')!);
  });

  it('knows "Britain" as the United Kingdom, a name the dataset lacks', () => {
    const uk = buildLibrary([doc('Britain votes', ['Voters in Britain went to the polls on Thursday.', filler]), doc('Weather', ['Rain is due in Spain.', filler])], {});
    expect(titles(uk, 'UK')).toEqual(['Britain votes']);
    expect(titles(uk, 'united kingdom')).toEqual(['Britain votes']);
  });
});

describe('topic sentences from precomputed terms', () => {
  it('picks the sentences naming the topic, counting an acronym only where it is written in capitals', () => {
    const d = doc('Visa rules change', [
      'Let us start with the weather, which was fine.',
      'The US embassy issued new visa rules on Monday.',
      'Travel agents said the change came late. Others said us travellers would cope.',
      'Washington said more would follow.',
    ]);
    const r = buildLibrary([d], {}).brief('US', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories[0]!.sentences).toEqual(['The US embassy issued new visa rules on Monday.', 'Washington said more would follow.']);
  });

  it('finds a phrase across the sentences of several paragraphs and keeps document order', () => {
    const d = doc('Climate talks', [
      'Delegates arrived on Monday. Nothing about the weather was said.',
      'Climate change dominated the second day of the talks.',
      'On the last day, climate change was again the main subject, and a change in tone was noted.',
    ]);
    const r = buildLibrary([d], {}).brief('climate change', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories[0]!.sentences).toEqual([
      'Climate change dominated the second day of the talks.',
      'On the last day, climate change was again the main subject, and a change in tone was noted.',
    ]);
  });
});

describe('sentence positions among the terms', () => {
  it('keeps sentences and their terms aligned across a run-together boundary and on a second briefing', () => {
    const d = doc('Storm warning', [
      'The coast road was dangerous.The ferry to Norway was cancelled on Monday.',
      'Officials in Oslo said Norway expected calmer weather by Friday.',
      'Nothing else changed.',
    ]);
    const lib = buildLibrary([d], {});
    const first = lib.brief('ferry', { now });
    const again = lib.brief('ferry', { now });
    if (first.kind !== 'ok' || again.kind !== 'ok') throw new Error('expected briefings');
    // One sentence names the ferry; the one that carries on about it fills the second place.
    expect(first.briefing.stories[0]!.sentences).toEqual([
      'The ferry to Norway was cancelled on Monday.',
      'Officials in Oslo said Norway expected calmer weather by Friday.',
    ]);
    expect(again.briefing.stories[0]!.sentences).toEqual(first.briefing.stories[0]!.sentences);
    const norway = lib.brief('norway', { now });
    if (norway.kind !== 'ok') throw new Error('expected a briefing');
    expect(norway.briefing.stories[0]!.sentences).toEqual([
      'The ferry to Norway was cancelled on Monday.',
      'Officials in Oslo said Norway expected calmer weather by Friday.',
    ]);
  });
});

describe('topic sentences as shown', () => {
  it('shows a sentence with its spacing tidied, whether or not the stored text had extra spaces', () => {
    const d = doc('Ferry news', ['Calm seas today.   The ferry  to Norway sailed on time.', 'Nothing else happened.']);
    const r = buildLibrary([d], {}).brief('ferry', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories[0]!.sentences).toEqual(['The ferry to Norway sailed on time.']);
  });
});

describe('near-duplicates from precomputed shingles', () => {
  it('merges a copy that differs in paragraphing and a word, but not a story that only shares its subject', () => {
    const text = [
      'The central bank raised interest rates by a quarter point on Thursday, its third rise this year.',
      'Economists had expected the move after inflation climbed faster than forecast in the spring.',
      'The governor said further rises could not be ruled out if prices kept rising.',
    ];
    const copy = doc('Bank raises rates again', [text.slice(0, 2).join(' '), text[2]!.replace('further', 'more')], { path: 'b.txt' });
    const other = doc('Bank rates explained', ['Interest rates set by the central bank affect mortgages and savings.', 'Here is what a rise means for you.'], { path: 'c.txt' });
    const lib = buildLibrary([doc('Bank raises rates again', text, { path: 'a.txt' }), copy, other], {});
    const r = lib.brief('interest rates', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories).toHaveLength(2);
    const merged = r.briefing.stories.find((s) => s.doc.title === 'Bank raises rates again')!;
    expect(merged.related).toHaveLength(1);
  });
});

describe('category topics', () => {
  it('reads "US news" as the category "us" when no tag is called "us news"', () => {
    const lib = buildLibrary(
      [
        doc('Storm hits coast', ['A storm hit the coast of Florida on Monday.', filler], { tags: ['us'] }),
        doc('US trade talks', ['US and EU negotiators met for trade talks and news conferences.', filler], { tags: ['world'] }),
      ],
      {},
    );
    expect(titles(lib, 'US news')[0]).toBe('Storm hits coast');
    // The tagged story is about the category as a whole: its key points, not the matching sentences.
    const r = lib.brief('US news', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories[0]!.sentences).toEqual(r.briefing.stories[0]!.summary.keyPoints);
  });
});

import { describe, expect, it } from 'vitest';
import { analyze, BREAK, createVocabulary, LEAD_TOKENS } from '../../src/news/terms.js';
import { indexText, indexTextOf } from '../../src/news/index-text.js';
import { packTerms } from '../../src/news/packed-terms.js';
import type { NewsDocument } from '../../src/news/types.js';
import { doc, seedDocument } from './fixtures.js';

/** The in-memory index's headline, lead and body: its analysis cut at titleEnd and leadEnd. */
function inMemoryColumns(d: NewsDocument): { headline: string; lead: string; body: string } {
  const vocab = createVocabulary();
  const t = analyze(d, vocab);
  const columns: [string[], string[], string[]] = [[], [], []];
  t.ids.forEach((id, k) => {
    if (id !== BREAK) columns[k < t.titleEnd ? 0 : k < t.leadEnd ? 1 : 2].push(vocab.stemOf(id));
  });
  return { headline: columns[0].join(' '), lead: columns[1].join(' '), body: columns[2].join(' ') };
}

const filler = 'Officials met again on Tuesday and said the talks on trade and fishing would go on for some weeks yet.';

describe("the archive's full-text columns", () => {
  it("index a short story's dateline place at the end of its body, never in its lead", () => {
    const short = doc('Talks go on', ['BEIJING (CNN) -- Chinese officials said on Monday that the talks would go on.']);
    const columns = indexText(short);
    expect(columns.lead.split(' ')).not.toContain('beij');
    expect(columns.body).toBe('beij');
  });

  it("index a long story's dateline place after the last word of its body", () => {
    const long = doc('Talks go on', ['BEIJING (CNN) -- Chinese officials said on Monday that the talks would go on.', filler, filler, filler]);
    const body = indexText(long).body.split(' ');
    expect(body.at(-1)).toBe('beij');
    expect(body.filter((s) => s === 'beij')).toHaveLength(1);
  });

  it('cut headline, lead and body where the in-memory index cuts them, paragraph breaks counted as it counts them', () => {
    const manyParagraphs = doc('Harbour works', Array.from({ length: 12 }, (_, i) => `Paragraph ${i} says the harbour works went on.`));
    const datelined = doc('Floods in Valencia', ['VALENCIA, Spain (Reuters) - Torrential rain flooded the city on Tuesday.', filler, filler]);
    for (const d of [seedDocument(), manyParagraphs, datelined]) {
      const { headline, lead, body } = indexText(d);
      expect({ headline, lead, body }).toEqual(inMemoryColumns(d));
    }
    // Twelve short paragraphs: the lead ends before LEAD_TOKENS words, as the in-memory one does.
    expect(indexText(manyParagraphs).lead.split(' ').length).toBeLessThan(LEAD_TOKENS);
  });

  it("leave a dateline's agency out of every column", () => {
    const datelined = doc('Floods in Valencia', ['VALENCIA, Spain (Reuters) - Torrential rain flooded the city on Tuesday.']);
    const columns = indexText(datelined);
    expect(`${columns.headline} ${columns.lead} ${columns.body}`.split(' ')).not.toContain('reuter');
  });

  it('are the columns of the packed analysis ingest stores, tags kept apart by a separator', () => {
    const plain = doc('Floods in Valencia', ['Torrential rain flooded Valencia on Tuesday.', 'Hundreds were rescued.'], { tags: ['World news', 'Spain'] });
    expect(indexText(plain)).toEqual(indexTextOf(packTerms(plain), plain.tags));
    expect(indexText(plain).tags).toBe('world new , spain');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveTitle, documentId, isHeadingLine, looksLikeHeadline, makeDocument, parseBody } from '../../src/news/document.js';

const SEED = readFileSync(new URL('../../seeds/000_62e325f6b036aa85.txt', import.meta.url), 'utf8');
const base = { publishedAt: new Date('2024-04-26T00:00:00Z'), path: 'x.txt', tags: [] };

describe('headlines and titles', () => {
  it('takes a short first line without a closing period as the headline', () => {
    expect(looksLikeHeadline('Claxton hunting first major medal')).toBe(true);
    expect(looksLikeHeadline("China 'blocks Google news site'")).toBe(true);
  });

  it('does not take a sentence as the headline', () => {
    expect(looksLikeHeadline('US Secretary of State Antony Blinken has said the country has evidence.')).toBe(false);
  });

  it('derives a title from the seed, which has no headline line', () => {
    const doc = makeDocument({ ...base, body: SEED })!;
    expect(doc.title).toMatch(/^US Secretary of State Antony Blinken has said/);
    expect(doc.title.length).toBeLessThanOrEqual(91);
    // The first line stays in the body: it is the story's first sentence.
    expect(doc.text.startsWith('US Secretary of State Antony Blinken')).toBe(true);
  });

  it('cuts a derived title at a word and marks the cut', () => {
    const t = deriveTitle('A very long first sentence that goes on and on about many things in great detail without stopping anywhere soon. Second.');
    expect(t.endsWith('…')).toBe(true);
    expect(t).not.toMatch(/\s…$/);
  });
});

describe('section headings', () => {
  it('finds the seed’s three headings and keeps which paragraphs fall under each', () => {
    const doc = makeDocument({ ...base, body: SEED })!;
    expect(doc.sections).toEqual(['Support for Russia', 'Pro-Palestine protests', 'War on Gaza']);
    const paragraphs = doc.text.split('\n');
    for (const h of doc.headings!) expect(paragraphs[h.paragraph]).toBeDefined();
    const gaza = doc.headings!.find((h) => h.title === 'War on Gaza')!;
    expect(paragraphs[gaza.paragraph]).toMatch(/^When asked if the administration would think about not supplying weapons to Israel/);
    const russia = doc.headings!.find((h) => h.title === 'Support for Russia')!;
    expect(paragraphs[russia.paragraph]).toMatch(/China's backing of Russia's defense industrial base/);
    expect(doc.text).not.toMatch(/^War on Gaza$/m);
  });

  it('does not take a list entry or a short sentence for a heading', () => {
    const long = 'This is a long paragraph that follows, and it goes on for well over eighty characters to be sure.';
    expect(isHeadingLine('Drama - Featherboy', long)).toBe(false);
    expect(isHeadingLine('He left.', long)).toBe(false);
    expect(isHeadingLine('War on Gaza', 'Short next line.')).toBe(false);
    expect(isHeadingLine('War on Gaza', undefined)).toBe(false);
    expect(isHeadingLine('War on Gaza', long)).toBe(true);
  });

  it('keeps a forced heading from Markdown even when it ends with a question mark', () => {
    const parsed = parseBody([{ text: 'What next?', heading: true }, { text: 'Nobody knows.' }]);
    expect(parsed).toEqual({ paragraphs: ['Nobody knows.'], headings: [{ title: 'What next?', paragraph: 0 }] });
  });
});

describe('ids', () => {
  it('gives the same id to the same text whatever the spacing', () => {
    expect(documentId('T', 'a  b\nc')).toBe(documentId('T', 'a b \n c'));
  });

  it('gives different ids to texts that differ in a word, its case, or a paragraph break', () => {
    const id = documentId('T', 'Alpha beta. Gamma delta.');
    expect(documentId('T', 'Alpha beta. Gamma Delta.')).not.toBe(id);
    expect(documentId('T', 'Alpha beta.\nGamma delta.')).not.toBe(id);
    expect(documentId('T', 'Alpha beta. Gamma epsilon.')).not.toBe(id);
  });
});

describe('tags', () => {
  it('keeps folder and category tags lower-cased and free of mention syntax', () => {
    const d = makeDocument({ ...base, body: 'Title line\n\nSome body text here.', tags: ['Sport', '@everyone', '<!here>', 'World News', 'sport'] })!;
    expect(d.tags).toEqual(['sport', 'everyone', 'here', 'world news']);
  });
});

import { readFileSync } from 'node:fs';
import { makeDocument } from '../../src/news/document.js';
import type { NewsDocument } from '../../src/news/types.js';

export const SEED_TEXT = readFileSync(new URL('../../seeds/000_62e325f6b036aa85.txt', import.meta.url), 'utf8');

/** A document as the loader would make it: title, then paragraphs. */
export function doc(
  title: string,
  paragraphs: string[],
  opts: { date?: string; path?: string; tags?: string[] } = {},
): NewsDocument {
  const made = makeDocument({
    title,
    body: paragraphs.join('\n'),
    publishedAt: new Date(opts.date ?? '2024-05-01T00:00:00Z'),
    path: opts.path ?? `${title.toLowerCase().replace(/\W+/g, '-')}.txt`,
    tags: opts.tags ?? [],
  });
  if (!made) throw new Error(`no text in ${title}`);
  return made;
}

export function seedDocument(): NewsDocument {
  return makeDocument({ body: SEED_TEXT, publishedAt: new Date('2024-04-26T12:00:00Z'), path: '000_62e325f6b036aa85.txt', tags: [] })!;
}

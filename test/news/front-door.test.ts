import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createDocument, openLibrary } from '../../src/news/index.js';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe("the core's front door", () => {
  it('is the only part of src/news the eval and bench scripts import', () => {
    const scripts = [...files(join(root, 'scripts', 'eval')), ...readdirSync(join(root, 'scripts')).filter((f) => /^(eval|bench).*\.ts$/.test(f)).map((f) => join(root, 'scripts', f))];
    const offenders = scripts.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']*src\/news\/[^']*)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.endsWith('src/news/index.js'))
        .map((spec) => `${relative(root, file)}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('briefs, digests and lists topics over documents made from plain fields, with no store', () => {
    const library = openLibrary([
      createDocument({ title: 'Floods in Valencia', text: 'Torrential rain flooded Valencia on Tuesday.\nHundreds were rescued.', publishedAt: new Date('2024-10-29'), tags: ['world'] }),
      createDocument({ title: 'Harvest in Lima', text: 'Farmers near Lima brought in a record harvest.' }),
    ]);
    const answer = library.brief('valencia', { limit: 3 });
    expect(answer.kind === 'ok' && answer.briefing.stories.map((s) => s.doc.title)).toEqual(['Floods in Valencia']);
    expect(library.topics(10).map((t) => t.name)).toContain('world');
    const digest = library.digest({ topics: [], limit: 5, now: new Date('2024-10-30') });
    expect(digest.groups[0]!.stories.map((s) => s.doc.title)).toContain('Floods in Valencia');
  });

  it('leaves a document without a date undated instead of dating it now', () => {
    expect(createDocument({ title: 'T', text: 'Some text.' }).publishedAt).toBeUndefined();
    expect(() => createDocument({ title: 'T', text: '  ' })).toThrow(/text is empty/);
  });
});

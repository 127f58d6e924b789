import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../src/store/store.js';
import { createDocument, indexText, packTerms, type IndexText, type NewsDocument } from '../src/news/index.js';
import { startIndexRefresh } from '../src/index-refresh.js';
import { captureLogger } from './news/log-capture.js';
import { tempStores } from './store/temp-stores.js';

const NOW = new Date('2024-05-02T00:00:00Z');
const temp = tempStores('newsbrief-index-refresh-', 'newsbrief.db');
const tempDb = (): string => temp.dbPath();
const open = (path: string, version: string): Store => temp.track(openStore(path, { summaryVersion: version }));

/** A short story filed from Beijing: its columns under the rules before version 2 put its place in the lead. */
function filed(k: number): NewsDocument {
  return createDocument({ title: `Trade talks go on, round ${k}`, text: `BEIJING (CNN) -- Chinese officials said on Monday that round ${k} of the trade talks would go on.`, publishedAt: new Date(NOW.getTime() - k * 3_600_000), path: `talks-${k}.txt` });
}
function firstRulesColumns(d: NewsDocument): IndexText {
  const now = indexText(d);
  return { ...now, lead: `${now.lead} ${now.body}`.trim(), body: '' };
}
function store(s: Store, docs: readonly NewsDocument[], index: (d: NewsDocument) => IndexText): void {
  s.documents.write(
    docs.map((d) => ({ doc: d, summary: { docId: d.id, headline: d.title, keyPoints: [], entities: [], keyPhrases: [] }, index: index(d), terms: packTerms(d), topics: [] })),
    [],
    NOW,
  );
}
function matches(path: string, expression: string): number {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?').all(expression).length;
  } finally {
    raw.close();
  }
}

describe('full-text rows made by older index rules', () => {
  it('are made again from the stored analyses, a bounded step at a time, with counts in the log', async () => {
    const path = tempDb();
    const s = open(path, 'v5');
    const docs = Array.from({ length: 75 }, (_, k) => filed(k));
    store(s, docs, firstRulesColumns);
    expect([matches(path, 'lead : beij'), matches(path, 'body : beij')]).toEqual([75, 0]);

    const cap = captureLogger('info');
    const refresh = startIndexRefresh({ store: s, logger: cap.logger, everyMs: 3_600_000, version: '2' });
    // Fifty documents a step: the first step leaves twenty-five with their old rows.
    expect(await refresh.runOnce()).toBe(50);
    expect([matches(path, 'lead : beij'), matches(path, 'body : beij')]).toEqual([25, 50]);
    expect(await refresh.runOnce()).toBe(25);
    expect(await refresh.runOnce()).toBe(0);
    await refresh.stop();
    expect([matches(path, 'lead : beij'), matches(path, 'body : beij'), matches(path, 'chines')]).toEqual([0, 75, 75]);
    expect(cap.lines.map((l) => l.msg)).toEqual([
      'rewriting the full-text rows made by older index rules, 50 documents every 3600 s',
      'every full-text row is current (75 of 75 documents rewritten)',
    ]);
    expect(cap.lines[0]).toMatchObject({ documents: 75 });
  });

  it('go on after a restart from where the walk got to, and are not looked at again once all are current', async () => {
    const path = tempDb();
    const first = openStore(path, { summaryVersion: 'v5' });
    store(first, Array.from({ length: 75 }, (_, k) => filed(k)), firstRulesColumns);
    const before = startIndexRefresh({ store: first, logger: captureLogger('info').logger, everyMs: 3_600_000, version: '2' });
    expect(await before.runOnce()).toBe(50);
    await before.stop();
    first.close();

    const s = open(path, 'v5');
    const after = startIndexRefresh({ store: s, logger: captureLogger('info').logger, everyMs: 3_600_000, version: '2' });
    expect(await after.runOnce()).toBe(25);
    expect(await after.runOnce()).toBe(0);
    await after.stop();
    const cap = captureLogger('info');
    const again = startIndexRefresh({ store: s, logger: cap.logger, everyMs: 3_600_000, version: '2' });
    expect(await again.runOnce()).toBe(0);
    await again.stop();
    expect(cap.lines).toEqual([]);
  });

  it('leave the documents whose summary is stale to the re-summarizer, walking past them a hundred a step', async () => {
    const path = tempDb();
    const older = openStore(path, { summaryVersion: 'v4' });
    store(older, Array.from({ length: 120 }, (_, k) => filed(k + 1)), firstRulesColumns);
    older.close();
    const s = open(path, 'v5');
    store(s, [filed(0)], firstRulesColumns);
    const refresh = startIndexRefresh({ store: s, logger: captureLogger('info').logger, everyMs: 3_600_000, version: '2' });
    expect(await refresh.runOnce()).toBe(1);
    expect(s.meta.get('archive.index_current')).toBeUndefined();
    // The other 21 in one more step, then one that finds the archive's end.
    expect(await refresh.runOnce()).toBe(0);
    expect(await refresh.runOnce()).toBe(0);
    expect(s.meta.get('archive.index_current')).toBe('2');
    await refresh.stop();
    expect([matches(path, 'lead : beij'), matches(path, 'body : beij')]).toEqual([120, 1]);
  });

  it('have nothing to look at in an archive that starts empty', async () => {
    const s = open(':memory:', 'v5');
    const refresh = startIndexRefresh({ store: s, logger: captureLogger('info').logger, everyMs: 3_600_000, version: '2' });
    expect(s.meta.get('archive.index_current')).toBe('2');
    store(s, [filed(1)], firstRulesColumns);
    expect(await refresh.runOnce()).toBe(0);
    await refresh.stop();
  });
  it('walk past a stored document they cannot read, with one warning naming it, and do the others', async () => {
    const path = tempDb();
    const s = open(path, 'v5');
    const docs = [filed(1), filed(2), filed(3)];
    store(s, docs, firstRulesColumns);
    const damage = new Database(path);
    damage.prepare('UPDATE documents SET tags = ? WHERE id = ?').run('{not json', docs[1]!.id);
    damage.close();
    const cap = captureLogger('info');
    const refresh = startIndexRefresh({ store: s, logger: cap.logger, everyMs: 3_600_000, version: '2' });
    expect(await refresh.runOnce()).toBe(2);
    expect(await refresh.runOnce()).toBe(0);
    await refresh.stop();
    const warnings = cap.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ id: docs[1]!.id });
    expect(s.meta.get('archive.index_current')).toBe('2');
    expect(matches(path, 'body : beij')).toBe(2);
  });
});

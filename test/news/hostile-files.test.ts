import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../src/news/load.js';
import { parseDate } from '../../src/news/document.js';
import { decodeText } from '../../src/news/decode.js';
import { captureLogger } from './log-capture.js';

async function loadWith(files: Record<string, string | Buffer>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-hostile-files-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  const cap = captureLogger();
  const result = await loadFolder(dir, { maxFileBytes: 2_000_000, logger: cap.logger });
  return { result, warnings: cap.warnings() };
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  if (order === 'le') return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

describe('a JSON file of many bad items', () => {
  it('gets one warning with the count and the first few reasons, not one per item', async () => {
    const items = [{ title: 'Good item', text: 'This one is fine.' }, ...Array.from({ length: 100_000 }, (_, i) => ({ n: i }))];
    const { result, warnings } = await loadWith({ 'bad.json': JSON.stringify(items) });
    expect(result.documents.map((d) => d.title)).toEqual(['Good item']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/^skipped bad\.json: 100000 of 100001 items skipped: item 1: .*; item 2: .*; item 3: .*; and 99997 more$/);
    expect(result.skipped).toHaveLength(1);
  });

  it('gets one warning for many bad JSON lines, counting lines', async () => {
    const lines = ['{"title":"Good line","text":"Fine."}', ...Array.from({ length: 500 }, () => '{not json')].join('\n');
    const { warnings } = await loadWith({ 'bad.jsonl': lines });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/bad\.jsonl: 500 of 501 lines skipped: line 2: malformed JSON/);
  });

  it('still names a single bad item on its own', async () => {
    const { warnings } = await loadWith({ 'one.json': JSON.stringify([{ title: 'Good', text: 'Fine.' }, { title: 'No text' }]) });
    expect(warnings.map((w) => w.msg)).toEqual([expect.stringMatching(/^skipped one\.json: item 1: /)]);
  });
});

describe('dates out of range', () => {
  it('are no date at all: a JSON item is then undated (never dated by the file), and no invalid Date is ever made', async () => {
    const { result } = await loadWith({
      'dates.json': JSON.stringify([
        { title: 'Huge number', text: 'Dated 1e300.', publishedAt: 1e300 },
        { title: 'Far future string', text: 'Dated +275760.', publishedAt: '+275760-09-13T00:00:00Z' },
        { title: 'Negative', text: 'Dated -1e20.', publishedAt: -1e20 },
      ]),
    });
    expect(result.documents).toHaveLength(3);
    for (const d of result.documents) expect(d.publishedAt).toBeUndefined();
  });

  it('reads epoch seconds, milliseconds, microseconds and nanoseconds as the same instant', () => {
    const iso = '2024-05-01T08:00:00.000Z';
    const s = Date.parse(iso) / 1000;
    for (const v of [s, s * 1e3, s * 1e6, s * 1e9, String(s)]) expect(parseDate(v)?.toISOString()).toBe(iso);
  });

  it('still reads a year, an ISO date and a date with a zone', () => {
    expect(parseDate('2024')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseDate('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseDate('2024-05-01T10:00:00+02:00')?.toISOString()).toBe('2024-05-01T08:00:00.000Z');
  });
});

describe('UTF-16 files with a byte order mark', () => {
  it.each(['le', 'be'] as const)('are decoded (UTF-16%s), not called binary', async (order) => {
    const { result, warnings } = await loadWith({ [`wide-${order}.txt`]: utf16('Café opens in Zürich\n\nThe café opened on Monday, its owner said.\n', order) });
    expect(warnings).toEqual([]);
    expect(result.documents.map((d) => d.title)).toEqual(['Café opens in Zürich']);
    expect(result.documents[0]!.text).toBe('The café opened on Monday, its owner said.');
  });

  it('are still refused when the bytes after the mark are not UTF-16', () => {
    const r = decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41]));
    expect(r.ok).toBe(false);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Tests run as root here, and root reads any file whatever its mode: make readFile refuse one
// path the way the kernel refuses a normal user (EACCES).
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readFileSync = (p: Parameters<typeof real.readFileSync>[0], ...rest: unknown[]): unknown => {
    if (String(p).endsWith('locked.txt')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    return (real.readFileSync as (...a: unknown[]) => unknown)(p, ...rest);
  };
  return { ...real, default: { ...real, readFileSync }, readFileSync };
});

const { loadFolder } = await import('../../src/news/load.js');
const { captureLogger } = await import('./log-capture.js');

describe('an unreadable file', () => {
  it('is skipped with one warning saying permission was denied, and loading goes on', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-eacces-'));
    await writeFile(path.join(dir, 'locked.txt'), 'Locked\n\nYou cannot read me.\n');
    await writeFile(path.join(dir, 'open.txt'), 'Open\n\nAnyone can read me.\n');
    const cap = captureLogger();
    const r = await loadFolder(dir, { maxFileBytes: 1_000_000, logger: cap.logger });
    expect(r.documents.map((d) => d.title)).toEqual(['Open']);
    expect(r.skipped).toEqual([{ path: 'locked.txt', reason: 'unreadable (permission denied)' }]);
    expect(cap.warnings()).toHaveLength(1);
    expect(cap.warnings()[0]!.msg).toBe('skipped locked.txt: unreadable (permission denied)');
  });
});

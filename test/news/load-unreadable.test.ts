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

// The same for one subfolder (a lost+found on a mounted volume, unreadable to a non-root user).
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = (p: Parameters<typeof real.readdir>[0], ...rest: unknown[]): unknown => {
    if (String(p).endsWith('lost+found')) return Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
    return (real.readdir as (...a: unknown[]) => unknown)(p, ...rest);
  };
  return { ...real, default: { ...real, readdir }, readdir };
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

describe('an unreadable subfolder', () => {
  it('is skipped with one warning, and the rest of the seeds folder loads', async () => {
    const { mkdir } = await import('node:fs/promises');
    const dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-lostfound-'));
    await mkdir(path.join(dir, 'lost+found'));
    await writeFile(path.join(dir, 'lost+found', 'x.txt'), 'Hidden\n\nNever read.\n');
    await mkdir(path.join(dir, 'world'));
    await writeFile(path.join(dir, 'world', 'a.txt'), 'World story\n\nSomething happened abroad.\n');
    await writeFile(path.join(dir, 'b.txt'), 'Home story\n\nSomething happened at home.\n');
    const cap = captureLogger();
    const r = await loadFolder(dir, { maxFileBytes: 1_000_000, logger: cap.logger });
    expect(r.documents.map((d) => d.title).sort()).toEqual(['Home story', 'World story']);
    expect(r.skipped).toEqual([{ path: 'lost+found/', reason: 'cannot read the folder (permission denied)' }]);
    expect(cap.warnings().map((w) => w.msg)).toEqual(['skipped lost+found/: cannot read the folder (permission denied)']);
  });
});

import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('the layout holds its lines', () => {
  it('keeps the core free of platform SDKs, the scheduler and the database', () => {
    const forbidden = /^(@slack\/|discord\.js|@discordjs\/|node-cron|better-sqlite3|ws$|pino-pretty)|\/(chat|store|schedule|commands)\//;
    const offenders = sources(join(src, 'news')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => forbidden.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('reads process.env only in config.ts', () => {
    const offenders = sources(src)
      .filter((file) => !file.endsWith(join('src', 'config.ts')))
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('uses no `any` in the source', () => {
    const offenders = sources(src).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => /(:\s*any\b|\bas any\b|<any>|any\[\])/.test(line.replace(/\/\/.*$/, '')))
        .map(({ i }) => `${relative(root, file)}:${i + 1}`),
    );
    expect(offenders).toEqual([]);
  });

  it('imports no SDK of one platform from another platform’s folder', () => {
    const offenders = [
      ...sources(join(src, 'chat', 'slack')).flatMap((f) => importsOf(f).filter((s) => /discord/.test(s)).map((s) => `${relative(root, f)} imports ${s}`)),
      ...sources(join(src, 'chat', 'discord')).flatMap((f) => importsOf(f).filter((s) => /slack/.test(s)).map((s) => `${relative(root, f)} imports ${s}`)),
    ];
    expect(offenders).toEqual([]);
  });
  it('keeps the store free of chat, commands and the scheduler', () => {
    const offenders = sources(join(src, 'store')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /\/(chat|commands|schedule)\//.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});

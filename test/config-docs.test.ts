import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { ENV_VARS, fileConfigSchema, loadConfig } from '../src/config.js';

const root = join(import.meta.dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('the configuration is documented', () => {
  it('reads exactly the variables it lists', () => {
    const source = read('src/config.ts');
    const readVars = new Set([...source.matchAll(/\b(?:nonEmpty|port|url|token)\(env, '([A-Z_]+)'/g)].map((m) => m[1]));
    expect([...readVars].sort()).toEqual([...ENV_VARS].sort());
  });

  it('has every variable in .env.example with a comment above it, and nothing set', () => {
    const lines = read('.env.example').split('\n');
    for (const name of ENV_VARS) {
      const i = lines.indexOf(`${name}=`);
      expect(i, `${name} in .env.example`).toBeGreaterThan(0);
      expect(lines[i - 1], `comment above ${name}`).toMatch(/^# /);
    }
  });

  it('is a valid .env as it stands: copied unchanged, it starts the console', () => {
    const config = loadConfig({ ...parse(read('.env.example')), NEWSBRIEF_CONFIG: join(root, 'config', 'newsbrief.json'), NEWSBRIEF_SEEDS_DIR: join(root, 'seeds') });
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.healthPort).toBeUndefined();
  });

  it('covers every variable of DESIGN.md', () => {
    const design = join(root, '..', 'shared', 'DESIGN.md');
    if (!existsSync(design)) return;
    const table = (readFileSync(design, 'utf8').split('## Settings that every part agrees on')[1] ?? '').split('\n## ')[0]!;
    const named = new Set([...table.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(10);
    for (const name of named) expect(ENV_VARS as readonly string[]).toContain(name);
  });

  it('describes every variable and every config key in README.md', () => {
    const doc = read('README.md');
    for (const name of ENV_VARS) expect(doc).toContain(`\`${name}\``);
    for (const key of Object.keys(fileConfigSchema.shape)) expect(doc).toMatch(new RegExp(`\\| \`${key}[.\`]`));
  });
});

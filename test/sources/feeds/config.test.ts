import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nb-feeds-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const seeds = path.resolve(import.meta.dirname, '../../../seeds');

function load(feeds: unknown) {
  const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ seedsDir: seeds, feeds }));
  return loadConfig({ NEWSBRIEF_CONFIG: file });
}

function problem(feeds: unknown): string {
  try {
    load(feeds);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a config error');
}

describe('the feeds config', () => {
  it('has sensible defaults', () => {
    expect(load(undefined).feeds).toMatchObject({ every: 15 * 60_000, allowPrivateNetworks: false, disableAfterFailures: 10, sources: [] });
  });

  it('reads durations and sources', () => {
    const feeds = load({ every: '5m', sources: [{ url: 'https://news.example/rss', name: 'News', tags: ['world'], every: '1h' }] }).feeds;
    expect(feeds.every).toBe(300_000);
    expect(feeds.sources[0]).toEqual({ url: 'https://news.example/rss', name: 'News', tags: ['world'], every: 3_600_000 });
  });

  it('polls a public host at most once a minute, a private host the config allows down to 5 s', () => {
    expect(problem({ sources: [{ url: 'https://news.example/rss', every: '30s' }] })).toMatch(/feeds\.sources\.0\.every: at least "1m" for a public host/);
    expect(load({ allowPrivateNetworks: ['127.0.0.1'], sources: [{ url: 'http://127.0.0.1:8080/rss', every: '5s' }] }).feeds.sources[0]!.every).toBe(5_000);
    expect(problem({ allowPrivateNetworks: ['127.0.0.1'], sources: [{ url: 'http://127.0.0.1:8080/rss', every: '2s' }] })).toMatch(/at least "5s"/);
    expect(problem({ sources: [{ url: 'http://127.0.0.1:8080/rss', every: '5s' }] })).toMatch(/at least "1m"/);
  });

  it('names the key for a bad duration, a bad network entry, a non-http URL, a duplicate and a typo', () => {
    expect(problem({ every: 'often' })).toMatch(/feeds\.every: a duration like "30s", "5m" or "1h"/);
    expect(problem({ allowPrivateNetworks: ['10.0.0.0/99'] })).toMatch(/feeds\.allowPrivateNetworks\.0: a host name, an IP address or a CIDR/);
    expect(problem({ sources: [{ url: 'ftp://news.example/rss' }] })).toMatch(/feeds\.sources\.0\.url: an http\(s\) URL/);
    expect(problem({ sources: [{ url: 'https://a.example/rss' }, { url: 'https://a.example/rss' }] })).toMatch(/feeds\.sources\.1\.url: listed twice/);
    expect(problem({ evry: '1m' })).toMatch(/feeds\.evry: not a known setting \(did you mean "every"\?\)/);
    expect(problem({ sources: [{ url: 'https://a.example/rss', tag: ['x'] }] })).toMatch(/feeds\.sources\.0\.tag: not a known setting \(did you mean "tags"\?\)/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchiveLibrary } from '../../../src/news/library.js';
import { createIngest } from '../../../src/ingest.js';
import { inlineSummarizer } from '../../../src/ingest-summarizer.js';
import { composeDigest } from '../../../src/schedule/compose.js';
import { silentLogger } from '../../../src/log.js';
import { addressPolicy } from '../../../src/sources/feeds/address.js';
import { normalizeLink } from '../../../src/sources/feeds/identity.js';
import { feedHttpClient } from '../../../src/sources/feeds/index.js';
import { createFeedPoller } from '../../../src/sources/feeds/poller.js';
import { openStore } from '../../../src/store/store.js';
import { rss, startFeedServer, type FeedServer } from '../../fakes/feeds/server.js';
import { feedsConfig, manualClock } from './helpers.js';

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => server.close());

const story = (word: string) =>
  `The ${word} council met on Monday to discuss the new harbour plan. Members said the ${word} plan would bring jobs to the town. A vote is due next week.`;

describe('an item is posted once, whatever the publisher changes', () => {
  it('normalizes links: scheme, www, tracking parameters, fragment and trailing slash', () => {
    expect(normalizeLink('http://www.News.example/a/?utm_source=rss&id=3&fbclid=x#top')).toBe('news.example/a?id=3');
    expect(normalizeLink('https://news.example/a?id=3')).toBe('news.example/a?id=3');
    expect(normalizeLink('tag:news.example,2026:1')).toBeUndefined();
  });

  it('a guid change, http→https, a new date and an edit make no second story in the next digest', async () => {
    const clock = manualClock('2026-12-01T10:00:00Z');
    const config = feedsConfig();
    const policy = addressPolicy(config.allowPrivateNetworks);
    const http = feedHttpClient(config, 'test', policy);
    const store = openStore(':memory:');
    // The bot's own ingest path: an item's key replaces its earlier version in the store and the library.
    const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 1000 }, { clock });
    const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), listener: library, logger: silentLogger });
    const poller = createFeedPoller({ feeds: store.feeds, http, ingest, clock, logger: silentLogger, config, policy });
    try {
      server.route('/feed', {
        body: rss([
          { title: 'Harbour plan approved', guid: 'a-1', link: 'http://news.example/harbour?utm_source=rss', description: story('harbour'), pubDate: 'Tue, 01 Dec 2026 09:50:00 GMT' },
          { title: 'School roof repaired', guid: 'b-1', link: 'http://news.example/school', description: story('school'), pubDate: 'Tue, 01 Dec 2026 09:40:00 GMT' },
        ]),
      });
      store.feeds.add({ url: server.url('/feed'), tags: [], source: 'chat', createdAt: clock.now() });
      await poller.pollDue();
      clock.set('2026-12-01T10:05:00Z');
      const first = composeDigest(library, { topics: [], stories: 5, posted: new Map(), now: clock.now() });
      expect(first.docs).toHaveLength(2);
      const posted = new Map(first.docs.map((d) => [d.id, d.hash]));
      const since = clock.now();

      server.route('/feed', {
        body: rss([
          { title: 'Harbour plan approved', guid: 'urn:a-1-v2', link: 'https://news.example/harbour', description: story('harbour'), pubDate: 'Tue, 01 Dec 2026 10:12:00 GMT' },
          { title: 'School roof repaired at last', guid: 'b-1', link: 'http://news.example/school', description: `${story('school')} Updated with the cost.`, pubDate: 'Tue, 01 Dec 2026 09:40:00 GMT' },
          { title: 'Ferry timetable changes', guid: 'c-1', link: 'https://news.example/ferry', description: story('ferry'), pubDate: 'Tue, 01 Dec 2026 10:10:00 GMT' },
        ]),
      });
      clock.set('2026-12-01T10:15:00Z');
      const report = await poller.pollDue();
      expect(report).toMatchObject({ new: 1, updated: 2 });
      expect(library.size).toBe(3);
      const school = library.documents().find((d) => d.title.startsWith('School'))!;
      expect(school.title).toBe('School roof repaired at last');
      expect(library.documents().find((d) => d.title.startsWith('Harbour'))!.publishedAt!.toISOString()).toBe('2026-12-01T09:50:00.000Z');

      clock.set('2026-12-01T10:20:00Z');
      const second = composeDigest(library, { topics: [], stories: 5, since, posted, now: clock.now() });
      const titles = second.digest.groups.flatMap((g) => g.stories.map((s) => s.doc.title));
      expect(titles).toEqual(['Ferry timetable changes']);
    } finally {
      await poller.stop();
      await http.close();
      store.close();
    }
  });

  it('dates an undated item when first seen and keeps that date, so it is never new again', async () => {
    const clock = manualClock('2026-12-01T10:00:00Z');
    const config = feedsConfig();
    const policy = addressPolicy(config.allowPrivateNetworks);
    const http = feedHttpClient(config, 'test', policy);
    const store = openStore(':memory:');
    const seen: Date[] = [];
    const poller = createFeedPoller({
      feeds: store.feeds,
      http,
      ingest: { add: async (docs) => void seen.push(...docs.map((d) => d.publishedAt!)) },
      clock,
      logger: silentLogger,
      config,
      policy,
    });
    try {
      server.route('/undated', { body: rss([{ title: 'No date here', guid: 'u-1', description: 'Text one.' }]) });
      store.feeds.add({ url: server.url('/undated'), tags: [], source: 'chat', createdAt: clock.now() });
      await poller.pollDue();
      server.route('/undated', { body: rss([{ title: 'No date here', guid: 'u-1', description: 'Text one, edited.' }]) });
      clock.set('2026-12-01T12:00:00Z');
      await poller.pollDue();
      expect(seen.map((d) => d.toISOString())).toEqual(['2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z']);
      expect(store.feeds.items(1)[0]!.dated).toBe(false);
    } finally {
      await poller.stop();
      await http.close();
      store.close();
    }
  });
});

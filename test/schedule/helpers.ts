import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../../src/chat/adapter.js';
import type { ChannelRef, PostResult, Reply, UserRef } from '../../src/chat/reply.js';
import { createDispatcher } from '../../src/commands/dispatch.js';
import { fileConfigSchema, type AppConfig } from '../../src/config.js';
import type { Library } from '../../src/news/library-api.js';
import type { NewsDocument, Story } from '../../src/news/types.js';
import { silentLogger } from '../../src/log.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createDigestService, type DigestService, type DigestServiceDeps } from '../../src/schedule/service.js';

/** A clock tests move by hand; sleeping advances it, so backoff "takes" time without waiting. */
export class FakeClock {
  constructor(private t: number) {}
  now = (): Date => new Date(this.t);
  set(iso: string | Date): void {
    this.t = new Date(iso).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
  sleeps: number[] = [];
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

export function newsDoc(id: string, title: string, text: string, publishedAt: string, tags: string[] = []): NewsDocument {
  return { id, title, text, sections: [], publishedAt: new Date(publishedAt), path: `${id}.txt`, tags, source: 'Test News' };
}

/**
 * A small but real Library for the digest: honours topics (word match in title, text or tags),
 * since, exclude and limit, and groups by topic. Enough to see what the scheduler asks for.
 */
export function digestLibrary(docs: () => NewsDocument[]): Library {
  const story = (doc: NewsDocument): Story => ({
    doc,
    summary: { docId: doc.id, headline: doc.title, keyPoints: [doc.text], entities: [], keyPhrases: [] },
    sentences: [doc.text],
    related: [],
  });
  const matches = (doc: NewsDocument, topic: string) =>
    `${doc.title} ${doc.text} ${doc.tags.join(' ')}`.toLowerCase().includes(topic.toLowerCase());
  return {
    get size() {
      return docs().length;
    },
    documents: () => docs(),
    summaryOf: (id) => {
      const d = docs().find((x) => x.id === id);
      return d ? story(d).summary : undefined;
    },
    brief: () => ({ kind: 'no_match', topic: '', suggestions: [] }),
    topics: () => [],
    suggest: () => [],
    digest(q) {
      const fresh = docs()
        .filter((d) => (!q.since || (d.publishedAt !== undefined && d.publishedAt > q.since)) && !(q.exclude?.(d) ?? false))
        .sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
      const groups: { topic: string; stories: Story[] }[] = [];
      const used = new Set<string>();
      let left = q.limit;
      for (const topic of q.topics.length > 0 ? q.topics : ['Top stories']) {
        const picked = fresh.filter((d) => !used.has(d.id) && (q.topics.length === 0 || matches(d, topic))).slice(0, left);
        picked.forEach((d) => used.add(d.id));
        left -= picked.length;
        if (picked.length > 0) groups.push({ topic, stories: picked.map(story) });
      }
      return { title: `Daily digest: ${q.topics.join(', ') || 'top stories'}`, generatedAt: q.now, since: q.since, groups };
    },
  };
}

export interface RecordedPost {
  channel: ChannelRef;
  reply: Reply;
  key?: string;
  at: Date;
}

/**
 * An adapter that records what it posts. `failWith` scripts failures per channel: each call takes
 * the next scripted result, then posts succeed. findPosted answers from what was recorded, or
 * from `findPostedAnswer` when set.
 */
export class RecordingAdapter implements Adapter {
  posts: RecordedPost[] = [];
  calls = 0;
  failWith = new Map<string, PostResult[]>();
  findPostedAnswer: boolean | 'unknown' | undefined;
  /** Posts to these channels wait until the promise resolves (a slow channel). */
  gates = new Map<string, Promise<void>>();
  private n = 0;
  constructor(
    readonly platform: string,
    private clock: { now(): Date },
  ) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(channel: ChannelRef, reply: Reply, opts?: { idempotencyKey?: string }): Promise<PostResult> {
    this.calls++;
    const gate = this.gates.get(channel);
    if (gate) await gate;
    const scripted = this.failWith.get(channel)?.shift();
    if (scripted) return scripted;
    this.posts.push({ channel, reply, key: opts?.idempotencyKey, at: this.clock.now() });
    return { ok: true, messageIds: [`m${++this.n}`] };
  }
  async findPosted(channel: ChannelRef, key: string): Promise<boolean | 'unknown'> {
    if (this.findPostedAnswer !== undefined) return this.findPostedAnswer;
    return this.posts.some((p) => p.channel === channel && p.key === key);
  }
  postsTo(channel: string): RecordedPost[] {
    return this.posts.filter((p) => p.channel === channel);
  }
}

export function testConfig(file: Record<string, unknown> = {}, dbPath = ':memory:'): AppConfig {
  return { ...fileConfigSchema.parse(file), configPath: 'test', dbPath, logLevel: 'silent' };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-digest-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Rig {
  store: Store;
  service: DigestService;
  adapter: RecordingAdapter;
  clock: FakeClock;
  config: AppConfig;
  /** "/digest <text>" in `channel`, through the real dispatcher over this rig's store. */
  digest(channel: ChannelRef, text: string, user?: UserRef): Promise<Reply>;
}

/** A service over a store, a recording Slack-like adapter and a fake clock; no timers. */
export function rig(opts: {
  clock: FakeClock;
  dbPath?: string;
  /** Reuse an open store (a second service over it, as after a restart). */
  store?: Store;
  config?: AppConfig;
  docs?: () => NewsDocument[];
  adapter?: RecordingAdapter;
  extra?: Partial<DigestServiceDeps>;
}): Rig {
  const config = opts.config ?? testConfig();
  const store = opts.store ?? openStore(opts.dbPath ?? ':memory:');
  const adapter = opts.adapter ?? new RecordingAdapter('slack', opts.clock);
  const docs = opts.docs ?? (() => [newsDoc('d1', 'China trade talks', 'China and the US resume trade talks.', '2026-01-01T00:00:00Z', ['world'])]);
  const service = createDigestService({
    store,
    library: () => digestLibrary(docs),
    adapters: new Map([[adapter.platform, adapter]]),
    config,
    clock: opts.clock,
    logger: silentLogger,
    sleep: opts.clock.sleep,
    timers: false,
    ...opts.extra,
  });
  const dispatch = createDispatcher({
    library: () => digestLibrary(docs),
    store,
    clock: opts.clock,
    settings: config,
    logger: silentLogger,
  });
  const digest = (channel: ChannelRef, text: string, user: UserRef = member) => dispatch({ name: 'digest', text, options: {}, user, channel });
  return { store, service, adapter, clock: opts.clock, config, digest };
}

export const admin: UserRef = { id: 'U-admin', isAdmin: async () => true };
export const member: UserRef = { id: 'U-member', isAdmin: async () => false };

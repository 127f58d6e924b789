/**
 * One phase of the archive bench in a fresh process (so its peak RSS is its own):
 *   tsx scripts/eval/bench-archive-run.ts --phase ingest --db FILE --articles DIR --n N
 *   tsx scripts/eval/bench-archive-run.ts --phase query --db FILE --articles DIR --topics N --queries FILE
 * Prints one JSON line on stdout; progress goes to stderr.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDocument, indexTextOf, openArchiveLibrary, packTerms, SUMMARY_VERSION, type NewsDocument, type PackedTerms } from '../../src/news/index.js';
import { openStore } from '../../src/store/store.js';
import { createIngest, type IngestResult } from '../../src/ingest.js';
import { workerPool, workerSummarizer, type Summarizer } from '../../src/ingest-summarizer.js';
import type { AnalysisOutcome } from '../../src/ingest-analysis.js';
import { silentLogger } from '../../src/log.js';
import { startRetention } from '../../src/retention.js';
import { parseArgs } from './args.js';
import { listArticles } from './bench-corpus.js';
import { benchTopics, latencies } from './bench-topics.js';
import { readQueries } from './queries.js';

/** The bot's defaults: what is in memory at most. */
const WINDOW = { recentDays: Number(process.env.NB_DAYS ?? 30), recentMax: 20_000 };
const DAY_MS = 86_400_000;

export interface ArchiveIngestRun {
  documents: number;
  ms: number;
  docsPerSecond: number;
  /** Summaries reused across copies of one article (--reuse): not the full ingest path. */
  reuse: boolean;
  /** CPU time of every thread (main + workers) per document: steadier than wall time on a shared machine. */
  cpuMsPerDoc: number;
  skipped: number;
  /** The maintenance pass after it (full-text index merged), not counted in the rate. */
  maintenanceMs: number;
  indexMergeSteps: number;
  peakRssMB: number;
  dbMB: number;
}

export interface ArchiveQueryRun {
  documents: number;
  /** Open the store, open the library, answer one /brief (from the disk index while memory fills). */
  firstAnswerMs: number;
  /** Until the recent documents are in memory. */
  warmMs: number;
  inMemory: number;
  briefs: { topics: number; noMatch: number; p50: number; p95: number; p99: number; max: number };
  /** The same briefs in CPU time of the process (what the machine's other load does not add to). */
  briefsCpu: { p50: number; p95: number; p99: number };
  /** ingest.add of one new document until /brief finds it (worker already started). */
  newDocFoundMs: number;
  peakRssMB: number;
  dbMB: number;
}

interface Article {
  title: string;
  body: string;
  tag: string;
}

function readArticles(dir: string): Article[] {
  return listArticles(dir).map((rel) => {
    const text = readFileSync(path.join(dir, rel), 'utf8');
    const nl = text.indexOf('\n');
    return { title: nl < 0 ? text : text.slice(0, nl), body: nl < 0 ? '' : text.slice(nl + 1), tag: rel.split('/')[0]! };
  });
}

/**
 * Document k of the archive: article k mod the corpus, its copy number in the headline (so each
 * has its own id, as the 10x bench does), dated over the past year, different for each copy.
 */
function makeDoc(articles: Article[], k: number, now: number): NewsDocument {
  const i = k % articles.length;
  const copy = Math.floor(k / articles.length);
  const a = articles[i]!;
  const daysAgo = ((i * 7919 + copy * 104729) % 36500) / 100;
  return createDocument({
    title: copy === 0 ? a.title : `${a.title} (${copy + 1})`,
    text: a.body,
    publishedAt: new Date(now - daysAgo * DAY_MS),
    path: `copy${copy}/${a.tag}/${i}.txt`,
    tags: [a.tag],
  });
}

/**
 * --reuse: the copies of one article share its body, so its summary is made once (through the
 * real summarizer) and reused for the other copies, with the copy's own headline and index text.
 * Everything after summarizing (store, full-text index, topic counts, the library) is the real
 * path. Used to build the 1M store in the time a shared machine allows; ingest rates from it are
 * not the full path's and are reported apart.
 */
function reusingSummarizer(inner: Summarizer): Summarizer {
  const byBody = new Map<string, Extract<AnalysisOutcome, { analysis: unknown }>['analysis']>();
  return {
    get restarts() {
      return inner.restarts;
    },
    async run(docs) {
      const missing = docs.filter((d) => !byBody.has(d.text));
      const firsts = [...new Map(missing.map((d) => [d.text, d])).values()];
      const made = await inner.run(firsts);
      firsts.forEach((d, i) => {
        const o = made[i]!;
        if ('analysis' in o) byBody.set(d.text, o.analysis);
      });
      return docs.map((d): AnalysisOutcome => {
        const a = byBody.get(d.text);
        if (!a) return { skipped: 'not summarized' };
        // The copy's own analysis: its headline's, with the body's as the worker made it.
        const terms = retitled(a.terms, d.title);
        return { analysis: { ...a, summary: { ...a.summary, docId: d.id, headline: d.title }, terms, index: indexTextOf(terms, d.tags) } };
      });
    },
    close: () => inner.close(),
  };
}

/**
 * The analysis of a copy: `original` (its article's, headline included) with the copy's headline
 * instead. The body is the same text, so its tokens are the same stems; the acronyms are the
 * article's (a copy's headline only adds its number).
 */
function retitled(original: PackedTerms, title: string): PackedTerms {
  const head = packTerms({ title, text: '' });
  const lexicon = [...head.lexicon];
  const at = new Map(lexicon.map((w, i) => [w, i]));
  const remap = original.lexicon.map((w) => {
    let i = at.get(w);
    if (i === undefined) at.set(w, (i = lexicon.push(w) - 1));
    return i;
  });
  const body = original.ids.subarray(original.titleEnd);
  const ids = new Int32Array(head.titleEnd + body.length);
  ids.set(head.ids.subarray(0, head.titleEnd));
  for (let k = 0; k < body.length; k++) ids[head.titleEnd + k] = body[k]! < 0 ? -1 : remap[body[k]!]!;
  const shift = head.titleEnd - original.titleEnd;
  return { lexicon, ids, titleEnd: head.titleEnd, leadEnd: original.leadEnd + shift, acronyms: original.acronyms };
}

const rssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const fileMB = (store: { fileBytes(): number }): number => Math.round(store.fileBytes() / 1024 / 1024);

async function ingestPhase(db: string, articles: Article[], n: number, now: number, workers: number, reuse: boolean): Promise<ArchiveIngestRun> {
  const store = openStore(db, { summaryVersion: SUMMARY_VERSION });
  const library = openArchiveLibrary(store.documents, WINDOW, { clock: { now: () => new Date(now) } });
  const pool = workerPool(workers, { logger: silentLogger });
  const summarizer = reuse ? reusingSummarizer(pool) : pool;
  const ingest = createIngest({ documents: store.documents, summarizer, listener: library, logger: silentLogger });
  const start = store.documents.count();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const BATCH = 1000;
  let skipped = 0;
  // A source that has more to hand in does not wait for one batch to be stored before handing
  // in the next (the seeds folder reads its next files meanwhile): ingest summarizes the next
  // batch while it stores this one.
  let inflight: { done: number; result: Promise<IngestResult> } | undefined;
  const settle = async (batch: { done: number; result: Promise<IngestResult> }): Promise<void> => {
    skipped += (await batch.result).skipped.length;
    const done = batch.done;
    if (done % 10_000 === 0 || done === n) {
      const s = (performance.now() - t0) / 1000;
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      process.stderr.write(`bench-archive: ${done} / ${n} documents, ${Math.round((done - start) / s)} docs/s, RSS ${rssMB()} MB (now ${Math.round(m.rss / 1048576)}, heap ${Math.round(m.heapUsed / 1048576)} of ${Math.round(m.heapTotal / 1048576)}, external ${Math.round(m.external / 1048576)})\n`);
    }
  };
  for (let k = start; k < n; k += BATCH) {
    const docs: NewsDocument[] = [];
    for (let j = k; j < Math.min(n, k + BATCH); j++) docs.push(makeDoc(articles, j, now));
    const batch = { done: Math.min(n, k + BATCH), result: ingest.add(docs) };
    if (inflight) await settle(inflight);
    inflight = batch;
  }
  if (inflight) await settle(inflight);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // The bot's maintenance pass (retention: nothing to prune here; the full-text index merged),
  // which it runs 10 s after start and hourly: the archive as a running bot has it.
  const m0 = performance.now();
  const retention = startRetention({ store, ingest, keepDays: null, clock: { now: () => new Date(now) }, logger: silentLogger });
  const { indexMergeSteps } = await retention.run();
  retention.stop();
  const maintenanceMs = Math.round(performance.now() - m0);
  await ingest.close();
  await summarizer.close();
  const run: ArchiveIngestRun = {
    maintenanceMs,
    indexMergeSteps,
    reuse,
    cpuMsPerDoc: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, n - start)) * 100) / 100,
    documents: store.documents.count(),
    ms: Math.round(ms),
    docsPerSecond: Math.round((n - start) / (ms / 1000)),
    skipped,
    peakRssMB: rssMB(),
    dbMB: fileMB(store),
  };
  store.close();
  return run;
}

async function queryPhase(db: string, articles: Article[], nTopics: number, queriesFile: string | undefined, now: number): Promise<ArchiveQueryRun> {
  const clock = { now: () => new Date(now) };
  const t0 = performance.now();
  const store = openStore(db, { summaryVersion: SUMMARY_VERSION });
  const library = openArchiveLibrary(store.documents, WINDOW, { clock });
  library.brief('china', { now: clock.now() });
  const firstAnswerMs = performance.now() - t0;
  await library.ready;
  const warmMs = performance.now() - t0;

  const queries = queriesFile ? readQueries(queriesFile).map((q) => q.query) : [];
  const sample = articles.slice(0, 5000).map((a, i) => makeDoc(articles, i, now));
  const topics = benchTopics(sample, queries, nTopics);
  for (const t of topics.slice(0, 20)) library.brief(t, { now: clock.now() });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let noMatch = 0;
  for (const t of topics) {
    const c = process.cpuUsage();
    const s = performance.now();
    const r = library.brief(t, { now: clock.now() });
    times.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpuTimes.push((used.user + used.system) / 1000);
    if (r.kind === 'no_match') noMatch++;
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const cpu = latencies(cpuTimes);

  // A new document, through the bot's own ingest path, until /brief finds it.
  const summarizer = workerSummarizer({ logger: silentLogger });
  const ingest = createIngest({ documents: store.documents, summarizer, listener: library, logger: silentLogger });
  const warmUp = createDocument({ title: 'Warm-up', text: 'The worker starts before the measurement.', publishedAt: clock.now(), path: 'warm.txt' });
  await ingest.add([warmUp]);
  const fresh = createDocument({
    title: 'Zanzibarian quokka festival opens',
    text: 'The first zanzibarian quokka festival opened on Saturday, organisers said.\nThousands attended.',
    publishedAt: clock.now(),
    path: 'new.txt',
  });
  const s = performance.now();
  void ingest.add([fresh]);
  let newDocFoundMs = -1;
  for (;;) {
    const r = library.brief('zanzibarian quokka', { now: clock.now() });
    if (r.kind === 'ok' && r.briefing.stories.some((st) => st.doc.id === fresh.id)) {
      newDocFoundMs = performance.now() - s;
      break;
    }
    if (performance.now() - s > 30_000) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // Leave the archive as it was, so runs can be repeated on the same file.
  await ingest.remove([fresh.id, warmUp.id]);
  await ingest.close();
  await summarizer.close();
  const run: ArchiveQueryRun = {
    documents: store.documents.count(),
    firstAnswerMs: Math.round(firstAnswerMs),
    warmMs: Math.round(warmMs),
    inMemory: library.inMemory,
    briefs: {
      topics: times.length,
      noMatch,
      ...latencies(times),
    },
    briefsCpu: { p50: cpu.p50, p95: cpu.p95, p99: cpu.p99 },
    newDocFoundMs: Math.round(newDocFoundMs),
    peakRssMB: rssMB(),
    dbMB: fileMB(store),
  };
  store.close();
  return run;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['reuse'], values: ['phase', 'db', 'articles', 'n', 'topics', 'queries', 'now', 'workers'] });
  const db = args.values.get('db');
  const dir = args.values.get('articles');
  if (!db || !dir) throw new Error('--db and --articles are required');
  const articles = readArticles(dir);
  const now = Number(args.values.get('now') ?? Date.now());
  const phase = args.values.get('phase');
  const out =
    phase === 'ingest'
      ? await ingestPhase(db, articles, Number(args.values.get('n') ?? 100_000), now, Number(args.values.get('workers') ?? 1), args.flags.has('reuse'))
      : await queryPhase(db, articles, Number(args.values.get('topics') ?? 1000), args.values.get('queries'), now);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench-archive-run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

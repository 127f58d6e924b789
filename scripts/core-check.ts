/**
 * `npx tsx scripts/core-check.ts [corpusDir]`: the core's acceptance checks with numbers.
 * Loads the seeds and the BBC articles, builds libraries, runs the briefings the issue names and
 * times load, summarize + index, and brief() (median and p95 over a set of topics).
 * corpusDir defaults to ../shared/corpus; add `--scale 10` to also time a library of the BBC
 * articles copied ten times over (each copy's text made distinct).
 */
import path from 'node:path';
import { loadFolder, openLibrary as buildLibrary, summarize, sentencesOf, type NewsDocument, type Library } from '../src/news/index.js';

const args = process.argv.slice(2);
const scaleAt = args.indexOf('--scale');
const scale = scaleAt >= 0 ? Number(args[scaleAt + 1] ?? '10') : 0;
const corpus = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== scaleAt + 1) ?? '../shared/corpus');
const seeds = path.resolve(corpus, '../seeds');
const opts = { maxFileBytes: 5_000_000 };
let failures = 0;

function check(ok: boolean, what: string): void {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const TOPICS = [
  'sport', 'tony blair', 'china', 'climate change', 'US', 'iraq', 'gordon brown budget', 'music',
  'film', 'mobile phones', 'football', 'chelsea', 'economy', 'election', 'microsoft', 'oil prices',
  'european union', 'tennis', 'russia', 'india', 'germany', 'tax', 'internet', 'games', 'oscars',
];

function timeBriefs(lib: Library, rounds: number): { median: number; p95: number; max: number } {
  for (const t of TOPICS) lib.brief(t); // warm up the JIT and the memos once
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const t of [...TOPICS, undefined]) {
      const t0 = performance.now();
      lib.brief(t);
      ms.push(performance.now() - t0);
    }
  }
  return { median: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
}

// --- seeds
{
  const loaded = await loadFolder(seeds, opts);
  const lib = buildLibrary(loaded.documents, {});
  const china = lib.brief('china');
  const lead = china.kind === 'ok' ? china.briefing.stories[0] : undefined;
  check(
    lead !== undefined && /Blinken/.test(lead.doc.text) && /Chinese attempts to .influence/.test(lead.doc.text),
    `seeds: /brief china led by the Blinken article (${lead?.doc.title ?? 'no story'})`,
  );
  const gaza = lib.brief('gaza');
  const gazaSentences = gaza.kind === 'ok' ? gaza.briefing.stories[0]?.sentences ?? [] : [];
  check(gazaSentences.length > 0 && gazaSentences.every((s) => /Gaza/.test(s)), `seeds: /brief gaza gives Gaza sentences: ${JSON.stringify(gazaSentences.map((s) => s.slice(0, 70)))}`);
  const cricket = lib.brief('cricket');
  check(cricket.kind === 'no_match' && cricket.suggestions.length > 0, `seeds: /brief cricket → no_match, suggestions ${JSON.stringify(cricket.kind === 'no_match' ? cricket.suggestions : [])}`);
}

// --- BBC
const bbcDir = path.join(corpus, 'bbc/articles');
const warnings: string[] = [];
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const t0 = performance.now();
const loaded = await loadFolder(bbcDir, opts);
const loadMs = performance.now() - t0;
const loadCpu = cpu() - c0;
for (const s of loaded.skipped) warnings.push(`${s.path}: ${s.reason}`);
check(loaded.documents.length === 2127 && warnings.length === 0, `bbc: loaded ${loaded.documents.length} of 2127, ${warnings.length} skipped`);

const c1 = cpu();
const t1 = performance.now();
const lib = buildLibrary(loaded.documents, {});
const buildMs = performance.now() - t1;
const buildCpu = cpu() - c1;
const total = loadMs + buildMs;
console.log(`     load ${loadMs.toFixed(0)} ms + summarize & index ${buildMs.toFixed(0)} ms = ${total.toFixed(0)} ms wall (${(2127 / (total / 1000)).toFixed(0)} docs/s)`);
// Wall time depends on what else the machine runs; CPU time (this process, all threads) less so.
console.log(`     CPU time: load ${loadCpu.toFixed(0)} ms + summarize & index ${buildCpu.toFixed(0)} ms; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
check(total < 3000, `bbc: load + summarize + index under 3 s`);

// Summarizing alone, to see where the time goes.
{
  const t = performance.now();
  for (const d of loaded.documents) summarize(d, sentencesOf(d));
  console.log(`     (summarize alone: ${(performance.now() - t).toFixed(0)} ms)`);
}

const sport = lib.brief('sport');
const sportTags = sport.kind === 'ok' ? sport.briefing.stories.map((s) => s.doc.tags.join('/')) : [];
check(sportTags.length > 0 && sportTags.every((t) => t.includes('sport')), `bbc: brief('sport') only sport stories: ${JSON.stringify(sportTags)}`);
const blair = lib.brief('tony blair');
const blairTitles = blair.kind === 'ok' ? blair.briefing.stories.map((s) => s.doc.title) : [];
check(
  blair.kind === 'ok' && blair.briefing.stories.every((s) => /Blair/.test(s.doc.title + s.doc.text)),
  `bbc: brief('tony blair') Blair stories: ${JSON.stringify(blairTitles)}`,
);
const timing = timeBriefs(lib, 4);
console.log(`     brief() over ${TOPICS.length + 1} topics × 4: median ${timing.median.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms, max ${timing.max.toFixed(1)} ms`);
check(timing.max < 100, 'bbc: every brief() under 100 ms');

if (scale > 0) {
  const docs: NewsDocument[] = [];
  for (let k = 0; k < scale; k++) {
    for (const d of loaded.documents) {
      docs.push({ ...d, id: `${d.id}-${k}`, path: `copy${k}/${d.path}`, publishedAt: new Date((d.publishedAt?.getTime() ?? 0) - k * 86_400_000) });
    }
  }
  const t2 = performance.now();
  const big = buildLibrary(docs, {});
  const bigMs = performance.now() - t2;
  console.log(`     ${docs.length} docs: summarize & index ${bigMs.toFixed(0)} ms (${(docs.length / (bigMs / 1000)).toFixed(0)} docs/s)`);
  const bigTiming = timeBriefs(big, 2);
  console.log(`     brief() at ${docs.length} docs: median ${bigTiming.median.toFixed(1)} ms, p95 ${bigTiming.p95.toFixed(1)} ms, max ${bigTiming.max.toFixed(1)} ms`);
  check(bigTiming.p95 < 50, `${docs.length} docs: brief() p95 under 50 ms`);
}

console.log(failures === 0 ? 'all core checks passed' : `${failures} core check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

/**
 * npm run eval [-- --corpus DIR] [--json FILE] [--no-retrieval] [--no-focus] [--no-summaries] [--no-background]
 *
 * Summary quality (ROUGE against the references, beside the lead baselines), topic
 * retrieval (P@5 of /brief over the query sets in scripts/eval/) for each corpus under DIR
 * (default ../shared/corpus, resolved from the working directory), and the NEWTS focus table
 * when DIR holds newts/newts-even.jsonl: over a library of the NEWTS articles alone, and (unless
 * --no-background) over one holding every BBC and CNN article beside them. Exits 1 on any error.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgError, parseArgs } from './eval/args.js';
import { CorpusError, findCorpora, readCorpus, type EvalArticle } from './eval/corpus.js';
import { NgramReference } from './eval/fast-rouge.js';
import { cutWords, leadSentences } from './eval/lead.js';
import { keyPointsByPath, loadArticles } from './eval/pipeline.js';
import { readQueries } from './eval/queries.js';
import type { RetrievalReport } from './eval/retrieval.js';
import { runRetrieval } from './eval/run-retrieval.js';
import { evaluateSummaries, WORD_BUDGET, type SummaryReport } from './eval/summaries.js';
import { focusHalves, loadBackground, readNewts, type FocusHalves } from './eval/newts.js';
import { fixed, table } from './eval/table.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface CorpusReport {
  name: string;
  dir: string;
  summaries: SummaryReport;
  /** The bot's ROUGE-2 at 75 words over the lead's (the target is 1.10 on every corpus). */
  rouge2RatioAt75: number;
  /** The same ratio on the articles at even places (the half key points were tuned on) and at odd places (held out). */
  rouge2RatioAt75Halves: { tuning: number; heldOut: number };
  retrieval?: RetrievalReport & { source: string; documents: number };
  seconds: number;
}

async function evaluateCorpus(name: string, dir: string, withRetrieval: boolean): Promise<CorpusReport> {
  const started = performance.now();
  const articles = readCorpus(dir);
  const docs = await loadArticles(dir);
  const keyPoints = keyPointsByPath(docs);
  const summaries = evaluateSummaries(articles, (a) => keyPoints.get(a.path));
  const report: CorpusReport = {
    name,
    dir,
    summaries,
    rouge2RatioAt75: round(summaries.words75.keypoints.rouge2 / Math.max(1e-9, summaries.words75.lead75.rouge2), 3),
    rouge2RatioAt75Halves: halfRatios(articles, keyPoints),
    seconds: 0,
  };
  const queryFile = path.join(here, 'eval', `queries-${name}.json`);
  if (withRetrieval && existsSync(queryFile)) {
    report.retrieval = await runRetrieval(dir, readQueries(queryFile));
  } else if (withRetrieval) {
    process.stderr.write(`eval: no queries for "${name}" (${queryFile}); retrieval skipped\n`);
  }
  report.seconds = round((performance.now() - started) / 1000, 1);
  return report;
}

function halfRatios(articles: EvalArticle[], keyPoints: Map<string, string[]>): { tuning: number; heldOut: number } {
  const ours = [0, 0];
  const lead = [0, 0];
  articles.forEach((a, k) => {
    const ref = new NgramReference(a.reference.join('\n'));
    ours[k % 2]! += ref.score(cutWords(keyPoints.get(a.path) ?? [], WORD_BUDGET)).rouge2;
    lead[k % 2]! += ref.score(cutWords(leadSentences(a.paragraphs), WORD_BUDGET)).rouge2;
  });
  return { tuning: round(ours[0]! / Math.max(1e-9, lead[0]!), 3), heldOut: round(ours[1]! / Math.max(1e-9, lead[1]!), 3) };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function printFocus(focus: FocusHalves): void {
  const { whole } = focus;
  console.log(`\nTopic focus (NEWTS, ${whole.articles} articles, ${whole.topics} topics; library of ${focus.library}, ${focus.documents} documents): ROUGE-2 F1 x100, stemmed\n`);
  console.log(
    table(
      ['system', 'ROUGE-2 own', 'ROUGE-2 other', 'focus ratio', 'no match', 'words'],
      whole.rows.map((r) => [r.system, fixed(r.own), fixed(r.other), fixed(r.ratio, 3), r.noMatch, fixed(r.words, 1)]),
    ),
  );
  const keyPoints = whole.rows[1]!;
  const half = (r: FocusHalves['tuning']) => `own ${fixed(r.briefing.own)}, focus ${fixed(r.briefing.ratio, 3)}`;
  console.log(`focus ratio ${fixed(whole.briefing.ratio, 3)} (target 1.6); ROUGE-2 own ${fixed(whole.briefing.own)} against the generic key points' ${fixed(keyPoints.own)}`);
  console.log(`articles at even places (tuning half): ${half(focus.tuning)}; at odd places (held out): ${half(focus.heldOut)}`);
}

function printReport(reports: CorpusReport[]): void {
  const rows: (string | number)[][] = [];
  for (const r of reports) {
    const s = r.summaries;
    const row = (setting: string, system: string, v: { rouge1: number; rouge2: number; rougeLsum: number }) =>
      rows.push([r.name, setting, system, fixed(v.rouge1), fixed(v.rouge2), fixed(v.rougeLsum)]);
    row('as shown', 'Lead-3', s.asShown.lead3);
    row('as shown', `newsbrief key points (${s.keypointWords} words)`, s.asShown.keypoints);
    row('75 words', 'Lead, first 75 words', s.words75.lead75);
    row('75 words', 'newsbrief key points, cut at 75', s.words75.keypoints);
  }
  console.log('Summaries: ROUGE F1 x100 against the reference summaries\n');
  console.log(table(['corpus', 'setting', 'system', 'ROUGE-1', 'ROUGE-2', 'ROUGE-Lsum'], rows, 3));
  console.log('');
  for (const r of reports) {
    const missing = r.summaries.missing > 0 ? `; ${r.summaries.missing} articles without key points (scored 0)` : '';
    const h = r.rouge2RatioAt75Halves;
    console.log(`${r.name}: ROUGE-2 at 75 words is ${fixed(r.rouge2RatioAt75, 3)} x the lead's (tuning half ${fixed(h.tuning, 3)}, held-out half ${fixed(h.heldOut, 3)}; issue 12 targets: 1.25 bbc, 1.18 cnn)${missing}`);
  }
  const withRetrieval = reports.filter((r) => r.retrieval);
  if (withRetrieval.length === 0) return;
  console.log('\nTopic retrieval: precision at 5 of /brief <query>\n');
  const kinds = ['person', 'place', 'organization', 'event', 'phrase', 'category'];
  console.log(
    table(
      ['corpus', 'queries', 'mean P@5', ...kinds],
      withRetrieval.map((r) => [r.name, r.retrieval!.queries, fixed(r.retrieval!.meanP5, 3), ...kinds.map((k) => (r.retrieval!.byKind[k] === undefined ? '-' : fixed(r.retrieval!.byKind[k]!, 2)))]),
    ),
  );
  for (const r of withRetrieval) {
    console.log(`${r.name}: P@5 ${fixed(r.retrieval!.halves.tuning, 3)} on the queries at even places (tuning half), ${fixed(r.retrieval!.halves.heldOut, 3)} at odd places (held out)`);
  }
  for (const r of withRetrieval) {
    const worst = r.retrieval!.worst.map((w) => `"${w.query}" ${fixed(w.p5, 1)}${w.noMatch ? ' (no match)' : ''}`).join(', ');
    console.log(`${r.name} (${r.retrieval!.documents} docs from ${r.retrieval!.source}) worst: ${worst}`);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), { flags: ['no-retrieval', 'no-focus', 'no-summaries', 'no-background', 'help'], values: ['corpus', 'json'] });
  if (args.flags.has('help')) {
    console.log('usage: npm run eval -- [--corpus DIR] [--json FILE] [--no-retrieval] [--no-focus] [--no-summaries] [--no-background]');
    return 0;
  }
  const root = path.resolve(args.values.get('corpus') ?? '../shared/corpus');
  const newtsFile = path.join(root, 'newts', 'newts-even.jsonl');
  const withFocus = !args.flags.has('no-focus') && existsSync(newtsFile);
  const reports: CorpusReport[] = [];
  if (!args.flags.has('no-summaries') || !withFocus) {
    const corpora = findCorpora(root);
    for (const c of corpora) {
      process.stderr.write(`eval: ${c.name} (${c.dir})...\n`);
      reports.push(await evaluateCorpus(c.name, c.dir, !args.flags.has('no-retrieval')));
    }
    printReport(reports);
  }
  const focus: FocusHalves[] = [];
  if (withFocus) {
    process.stderr.write(`eval: newts (${newtsFile})...\n`);
    const articles = readNewts(newtsFile);
    focus.push(focusHalves(articles, 'the NEWTS articles'));
    printFocus(focus[0]!);
    const background = args.flags.has('no-background') ? [] : await loadBackground(root);
    if (background.length > 0) {
      process.stderr.write(`eval: newts with ${background.length} BBC and CNN articles beside it...\n`);
      focus.push(focusHalves(articles, 'the NEWTS, BBC and CNN articles', background));
      printFocus(focus[1]!);
    }
  }
  const jsonFile = args.values.get('json');
  if (jsonFile) {
    const out = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
      corpusRoot: root,
      corpora: Object.fromEntries(reports.map((r) => [r.name, r])),
      ...(focus.length > 0 ? { focus: focus[0]!.whole, focusLibraries: focus } : {}),
    };
    mkdirSync(path.dirname(path.resolve(jsonFile)), { recursive: true });
    writeFileSync(jsonFile, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\nwrote ${jsonFile}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ArgError || err instanceof CorpusError;
    process.stderr.write(`eval: ${known ? (err as Error).message : (err instanceof Error ? err.stack ?? err.message : String(err))}\n`);
    process.exit(1);
  },
);

/**
 * npx tsx scripts/bench-index-refresh.ts --db FILE [--passes 50]
 *
 * What rewriting full-text rows made by older index rules costs the bot's main thread: the
 * background pass of src/index-refresh.ts run back to back on a stored archive (a copy: its rows
 * are rewritten), wall time per pass. It runs as if every row were older (a version no store
 * holds), so it measures a full pass of rewrites.
 */
import { openStore } from '../src/store/store.js';
import { SUMMARY_VERSION } from '../src/news/index.js';
import { startIndexRefresh } from '../src/index-refresh.js';
import { silentLogger } from '../src/log.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const db = arg('db');
if (db === undefined) {
  console.error('usage: npx tsx scripts/bench-index-refresh.ts --db FILE [--passes 50]');
  process.exit(2);
}
const passes = Number(arg('passes') ?? 50);
const store = openStore(db, { summaryVersion: SUMMARY_VERSION });
const refresh = startIndexRefresh({ store, logger: silentLogger, everyMs: 3_600_000, version: `bench-${Date.now()}` });
const ms: number[] = [];
let rewritten = 0;
for (let p = 0; p < passes; p++) {
  const t = performance.now();
  rewritten += await refresh.runOnce();
  ms.push(performance.now() - t);
}
await refresh.stop();
const documents = store.documents.count();
store.close();
ms.sort((a, b) => a - b);
const at = (q: number): string => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
console.log(`${documents} documents, ${passes} passes, ${rewritten} rows rewritten: ms per pass p50 ${at(0.5)}, p95 ${at(0.95)}, max ${ms.at(-1)!.toFixed(1)}`);

import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Logger } from '../../log.js';
import type { Ingest } from '../../ingest.js';
import { isStoreFault } from '../../ingest-store-fault.js';
import { inside, listFiles, loadFiles, realRootOf, type LoadResult } from '../../news/load.js';
import type { SeedFileRepo, SeedFileState } from '../../store/seed-files.js';
import type { SeedChanges } from './watch.js';

/**
 * The seeds folder into the archive, through the one ingest path. A file whose size and
 * modification time are what the store remembers is not read; one whose bytes hash the same is
 * not parsed; only the rest are parsed, and of their documents only the new ones summarized.
 */

export interface SeedSyncDeps {
  root: string;
  ingest: Ingest;
  seedFiles: SeedFileRepo;
  maxFileBytes: number;
  logger: Logger;
}

export interface SeedSyncResult {
  /** Files looked at. */
  files: number;
  /** Files parsed (new or changed). */
  parsed: number;
  /** Files gone since last time, with their documents. */
  gone: number;
  added: number;
  updated: number;
  removed: number;
  skipped: number;
  /** Documents in the folder's files already stored as they are. */
  unchanged: number;
  ms: number;
}

/** Files parsed and ingested per round: bounds memory on a big folder. */
const FILES_PER_ROUND = 500;
/** Longest stretch of stat and hash work between two turns of the event loop (ms). */
const TURN_MS = 10;

function relativePath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

function sameStat(a: SeedFileState | undefined, size: number, mtimeMs: number): boolean {
  return a !== undefined && a.size === size && a.mtimeMs === Math.floor(mtimeMs);
}

function emptyResult(): SeedSyncResult {
  return { files: 0, parsed: 0, gone: 0, added: 0, updated: 0, removed: 0, skipped: 0, unchanged: 0, ms: 0 };
}

/**
 * Seed-file state is a cache: when the store cannot take it (ingest has warned about the store
 * already), the files are only read again next time.
 */
function remember(deps: SeedSyncDeps, write: () => void): void {
  try {
    write();
  } catch (err) {
    if (!isStoreFault(err)) throw err;
    deps.logger.debug({ code: err.code }, 'seeds: could not record seed-file state; the files are read again next time');
  }
}

interface Round {
  toParse: string[];
  /** What to remember of each parsed file once its documents are stored. */
  states: Map<string, SeedFileState>;
  loaded: LoadResult | undefined;
}

/**
 * One round of files: stat them, hash those whose size or time changed, remember the ones only
 * touched, and have the rest read and parsed on the ingest threads.
 */
async function prepareRound(deps: SeedSyncDeps, root: string, realRoot: string, files: readonly string[], known: Map<string, SeedFileState>, force: boolean, out: SeedSyncResult): Promise<Round> {
  // At info, the loader's per-call summary would be one line per round; its warnings still show.
  const loaderLog = deps.logger.level === 'info' ? deps.logger.child({}, { level: 'warn' }) : deps.logger;
  const toParse: string[] = [];
  const states = new Map<string, SeedFileState>();
  const touched = new Map<string, SeedFileState>();
  let turnStarted = performance.now();
  for (const abs of files) {
    // Hashing big files is the one thing read here: commands get a turn every few milliseconds.
    if (performance.now() - turnStarted > TURN_MS) {
      await new Promise<void>((r) => setImmediate(r));
      turnStarted = performance.now();
    }
    const rel = relativePath(root, abs);
    out.files++;
    let size: number;
    let mtimeMs: number;
    try {
      const st = statSync(abs);
      size = st.size;
      mtimeMs = st.mtimeMs;
    } catch {
      toParse.push(abs); // the loader says why it cannot be read
      continue;
    }
    const before = known.get(rel);
    if (!force && sameStat(before, size, mtimeMs)) continue;
    let hash: string | undefined;
    try {
      // A link out of the folder is not even hashed here; the reader refuses it with its warning.
      if (size <= deps.maxFileBytes && inside(realRoot, realpathSync(abs))) hash = createHash('sha1').update(readFileSync(abs)).digest('hex');
    } catch {
      // unreadable: parsed below, where the loader skips it with the reason
    }
    const state = { size, mtimeMs: Math.floor(mtimeMs), hash: hash ?? '' };
    if (hash !== undefined && before?.hash === hash) {
      touched.set(rel, state); // touched, not changed
      continue;
    }
    if (hash !== undefined) states.set(rel, state);
    toParse.push(abs);
  }
  remember(deps, () => deps.seedFiles.putMany(touched));
  // Read and parsed on the ingest threads: a hostile file never holds up the event loop.
  const loaded =
    toParse.length === 0
      ? undefined
      : await loadFiles(root, toParse, { maxFileBytes: deps.maxFileBytes, logger: loaderLog, read: (r, list, max) => deps.ingest.readFiles(r, list, max) });
  return { toParse, states, loaded };
}

/**
 * Reads these files (absolute) if they changed, and ingests what they hold now, a round at a
 * time; the next round is hashed and parsed while this one is summarized and stored.
 */
async function ingestFiles(deps: SeedSyncDeps, root: string, absPaths: readonly string[], known: Map<string, SeedFileState>, force: boolean, out: SeedSyncResult): Promise<void> {
  const realRoot = realRootOf(root);
  const round = (i: number): Promise<Round> | undefined => {
    if (i >= absPaths.length) return undefined;
    const next = prepareRound(deps, root, realRoot, absPaths.slice(i, i + FILES_PER_ROUND), known, force, out);
    next.catch(() => undefined); // observed when awaited; a failed ingest must not leave it unhandled
    return next;
  };
  let next = round(0);
  for (let i = 0; next; i += FILES_PER_ROUND) {
    const { toParse, states, loaded } = await next;
    next = round(i + FILES_PER_ROUND);
    if (!loaded) continue;
    const result = await deps.ingest.add(loaded.documents, { replacePaths: toParse.map((p) => relativePath(root, p)) });
    // A file whose documents the store could not take is not remembered: it is read again next time.
    for (const rel of result.notStored) states.delete(rel);
    remember(deps, () => deps.seedFiles.putMany(states));
    out.parsed += toParse.length;
    out.added += result.added;
    out.updated += result.updated;
    out.removed += result.removed;
    out.unchanged += result.unchanged;
    out.skipped += loaded.skipped.length + result.skipped.length;
  }
}

async function removeFiles(deps: SeedSyncDeps, rels: readonly string[], out: SeedSyncResult): Promise<void> {
  if (rels.length === 0) return;
  out.removed += await deps.ingest.removePaths(rels);
  remember(deps, () => deps.seedFiles.remove(rels));
  out.gone += rels.length;
}

/** At start: the whole folder against what the store remembers. */
export async function syncSeedFolder(deps: SeedSyncDeps): Promise<SeedSyncResult> {
  const started = performance.now();
  const root = resolve(deps.root);
  const out = emptyResult();
  const known = deps.seedFiles.all();
  const listing = await listFiles(root, deps.logger);
  if (listing.rootError !== undefined) {
    // An unreadable folder removes nothing: what the archive holds stays until it can be read.
    deps.logger.warn({ path: root }, `skipped ${root}: cannot read the folder (${listing.rootError}); the stored documents stay`);
    out.skipped++;
    out.ms = Math.round(performance.now() - started);
    return out;
  }
  const files = listing.files;
  out.skipped += listing.skipped.length;
  await ingestFiles(deps, root, files, known, false, out);
  const present = new Set(files.map((f) => relativePath(root, f)));
  // A subfolder that could not be read this time keeps its documents: it is unreadable, not gone.
  const unreadable = listing.skipped.map((s) => (s.path.endsWith('/') ? s.path : `${s.path}/`));
  const gone = [...known.keys()].filter((p) => !present.has(p) && !unreadable.some((u) => p.startsWith(u)));
  await removeFiles(deps, gone, out);
  out.ms = Math.round(performance.now() - started);
  deps.logger.info(
    { ...out },
    `seeds: ${out.files} files, ${out.parsed} read, ${out.added} documents added, ${out.removed} removed, ${out.skipped} skipped, in ${out.ms} ms`,
  );
  return out;
}

/** One batch from the watcher. */
export async function applySeedChanges(deps: SeedSyncDeps, changes: SeedChanges): Promise<SeedSyncResult> {
  const started = performance.now();
  const root = resolve(deps.root);
  const out = emptyResult();
  const known = deps.seedFiles.all();
  await ingestFiles(deps, root, [...changes.added, ...changes.changed], known, false, out);
  await removeFiles(
    deps,
    changes.removed.map((p) => relativePath(root, p)),
    out,
  );
  out.ms = Math.round(performance.now() - started);
  return out;
}

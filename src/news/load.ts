import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { NewsDocument } from './types.js';
import { decodeText } from './decode.js';
import { parseFile, SUPPORTED_EXTENSIONS, type ParseContext } from './formats.js';

export interface LoadOptions {
  maxFileBytes: number;
  logger: Logger;
  /**
   * Reads and parses these files (absolute, under root), one result per file in order: the
   * ingest path runs readDocumentFile on its worker threads. Default: in this thread.
   */
  read?: FileReader;
}

/** What one file holds: its documents, and each reason something in it was skipped (not yet logged). */
export interface FileRead {
  docs: NewsDocument[];
  skipped: { path: string; reason: string }[];
}

export type FileReader = (root: string, absPaths: readonly string[], maxFileBytes: number) => Promise<FileRead[]>;

export interface LoadResult {
  documents: NewsDocument[];
  skipped: { path: string; reason: string }[];
  ms: number;
}

/**
 * Files read between two turns of the event loop. Small synchronous reads cost a third of what
 * promise-based ones do (no thread-pool round trips for open, stat, read and close), and
 * yielding every few dozen files keeps the process answering while a big folder loads.
 */
const FILES_PER_TURN = 32;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Loads every supported file under `root`, recursively; bad files are skipped with one warning each. */
export async function loadFolder(root: string, opts: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const listed = await listFiles(root, opts.logger);
  if (listed.rootError !== undefined) {
    const reason = `cannot read the folder (${listed.rootError})`;
    opts.logger.warn({ path: root }, `skipped ${root}: ${reason}`);
    const result = { documents: [], skipped: [{ path: root, reason }], ms: Math.round(performance.now() - started) };
    logSummary(opts.logger, result, 0);
    return result;
  }
  return loadPaths(root, listed.files, opts, started, listed.skipped);
}

/** Loads just these files (absolute paths under `root`), with the same rules as loadFolder. */
export async function loadFiles(root: string, absPaths: string[], opts: LoadOptions): Promise<LoadResult> {
  const supported = absPaths.filter((p) => SUPPORTED_EXTENSIONS.has(path.extname(p).toLowerCase()) && !isHidden(path.relative(root, p)));
  return loadPaths(root, supported, opts, performance.now());
}

async function loadPaths(
  root: string,
  files: string[],
  opts: LoadOptions,
  started: number,
  skippedFolders: LoadResult['skipped'] = [],
): Promise<LoadResult> {
  const perFile = await (opts.read ?? readHere)(root, files, opts.maxFileBytes);

  const documents: NewsDocument[] = [];
  const skipped: LoadResult['skipped'] = [...skippedFolders];
  const seen = new Map<string, string>();
  let duplicates = 0;
  for (const r of perFile) {
    for (const s of r.skipped) opts.logger.warn({ path: s.path, reason: s.reason }, `skipped ${s.path}: ${s.reason}`);
    skipped.push(...r.skipped);
    for (const doc of r.docs) {
      const first = seen.get(doc.id);
      if (first !== undefined) {
        duplicates++;
        opts.logger.debug({ path: doc.path, duplicateOf: first }, `${doc.path}: same text as ${first}, loaded once`);
        continue;
      }
      seen.set(doc.id, doc.path);
      documents.push(doc);
    }
  }
  const result = { documents, skipped, ms: Math.round(performance.now() - started) };
  logSummary(opts.logger, result, duplicates);
  return result;
}

/** The files read in this thread, a few dozen per turn of the event loop. */
async function readHere(root: string, files: readonly string[], maxFileBytes: number): Promise<FileRead[]> {
  const out: FileRead[] = [];
  const realRoot = realRootOf(root);
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && i % FILES_PER_TURN === 0) await nextTurn();
    out.push(readDocumentFile(root, files[i]!, maxFileBytes, realRoot));
  }
  return out;
}

function logSummary(logger: Logger, r: LoadResult, duplicates: number): void {
  const dup = duplicates > 0 ? `, ${duplicates} duplicate${duplicates === 1 ? '' : 's'} merged` : '';
  logger.info(
    { loaded: r.documents.length, skipped: r.skipped.length, duplicates, ms: r.ms },
    `loaded ${r.documents.length} documents, skipped ${r.skipped.length}${dup}, in ${r.ms} ms`,
  );
}

export interface Listing {
  files: string[];
  /** Subfolders that could not be read, each already warned about once. */
  skipped: LoadResult['skipped'];
  /** The seeds folder itself could not be read (its error code). */
  rootError?: string;
}

/**
 * Every supported file under `root`, sorted. Folder by folder, so one unreadable subfolder (a
 * `lost+found` on a mounted volume) is skipped with a warning instead of emptying the library.
 */
export async function listFiles(root: string, logger: Logger): Promise<Listing> {
  const out: string[] = [];
  const skipped: LoadResult['skipped'] = [];
  const folders = [root];
  while (folders.length > 0) {
    const dir = folders.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (dir === root) return { files: [], skipped, rootError: errorCode(err) };
      const rel = `${relativePath(root, dir)}/`;
      const reason = `cannot read the folder (${readReason(errorCode(err))})`;
      skipped.push({ path: rel, reason });
      logger.warn({ path: rel, reason }, `skipped ${rel}: ${reason}`);
      continue;
    }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const rel = path.relative(root, abs);
      if (isHidden(rel)) continue;
      // A linked folder is not walked (it may lead anywhere, or back to itself).
      if (e.isDirectory()) {
        folders.push(abs);
        continue;
      }
      // A symbolic link to a file is followed; readDocumentFile checks where it leads.
      if (!e.isFile() && !e.isSymbolicLink()) continue;
      if (!SUPPORTED_EXTENSIONS.has(path.extname(e.name).toLowerCase())) {
        logger.debug({ path: rel }, `ignored ${rel}: not a supported format`);
        continue;
      }
      out.push(abs);
    }
  }
  return { files: out.sort(), skipped };
}

/** The seeds folder's real path (it may itself be a link, as /tmp is on macOS). */
export function realRootOf(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

/** True when `real` is inside `realRoot`. */
export function inside(realRoot: string, real: string): boolean {
  const rel = path.relative(realRoot, real);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function readReason(code: string): string {
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
}

/** Hidden files and folders (.git, .DS_Store, editor lock files) are never news. */
function isHidden(rel: string): boolean {
  return rel.split(path.sep).some((part) => part.startsWith('.') && part !== '..');
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

function relativePath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * One file (absolute, under `root`) → its documents, with the reasons for anything skipped.
 * Nothing is logged here (it may run on a worker thread): the caller says each reason once.
 */
export function readDocumentFile(root: string, abs: string, maxFileBytes: number, realRoot = realRootOf(root)): FileRead {
  const rel = relativePath(root, abs);
  const skipped: { path: string; reason: string }[] = [];
  const skip = (reason: string): void => {
    skipped.push({ path: rel, reason });
  };
  try {
    // A link (or a linked folder above the file) that leads out of the seeds folder is never
    // read: "notes.txt -> ../.env" would brief the bot's own tokens into a channel.
    if (!inside(realRoot, realpathSync(abs))) {
      skip('links outside the seeds folder');
      return { docs: [], skipped };
    }
    const info = statSync(abs);
    // A FIFO or device would block the read forever.
    if (!info.isFile()) {
      skip('not a regular file');
      return { docs: [], skipped };
    }
    if (info.size > maxFileBytes) {
      skip(`too large (${info.size} bytes; the limit is ${maxFileBytes})`);
      return { docs: [], skipped };
    }
    const bytes = readFileSync(abs);
    // The file may have grown between stat and read.
    if (bytes.length > maxFileBytes) {
      skip(`too large (${bytes.length} bytes; the limit is ${maxFileBytes})`);
      return { docs: [], skipped };
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      skip(decoded.reason);
      return { docs: [], skipped };
    }
    const ctx: ParseContext = { relPath: rel, mtime: info.mtime, skip };
    return { docs: parseFile(decoded.text, path.extname(abs).toLowerCase(), ctx), skipped };
  } catch (err) {
    const code = errorCode(err);
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'unreadable (permission denied)'
        : code === 'ENOENT'
          ? 'the file disappeared while loading'
          : code === 'EISDIR'
            ? 'is a folder'
            : `unreadable (${code})`;
    skip(reason);
    return { docs: [], skipped };
  }
}

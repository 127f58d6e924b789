import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../../log.js';

/** One batch of changes in the seeds folder, as absolute paths; each path appears once. */
export interface SeedChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface SeedWatcherOptions {
  /** Quiet time after the last event before the batch is applied. */
  debounceMs: number;
  /**
   * A folder that never stops changing is still applied this often (default 30 s). Generous, so
   * a big copy that a loaded machine reports slowly still lands as one batch.
   */
  maxWaitMs?: number;
  logger: Logger;
  /** Apply one batch. Batches never overlap: events during a slow apply wait for the next one. */
  apply: (changes: SeedChanges) => Promise<void>;
  /** Poll instead of inotify (network or some container mounts do not deliver events). */
  usePolling?: boolean;
  /**
   * How often the folder itself is checked (default 2 s). A folder deleted and made again, or
   * swapped for another by rename (a deploy's `mv new seeds`), leaves the watch on the old one
   * with no event at all; the check notices, watches the new folder, and reloads what changed.
   */
  rootCheckMs?: number;
}

export interface SeedWatcher {
  /** Resolves once the initial scan is done and changes are being watched. */
  readonly ready: Promise<void>;
  /** Stop watching and wait for a batch in progress to finish; pending changes are dropped. */
  close(): Promise<void>;
}

type Kind = 'add' | 'change' | 'unlink';

/** Editor swap files, partial downloads and dotfiles are never documents. */
export function isIgnoredName(path: string): boolean {
  const name = basename(path);
  return name.startsWith('.') || name.endsWith('~') || /^#.*#$/.test(name) || /\.(swp|swx|tmp|part|crdownload)$/i.test(name);
}

/** Merge a new event for a path into what is pending for it. */
function merge(previous: Kind | undefined, next: Kind): Kind | undefined {
  if (previous === 'add' && next === 'change') return 'add';
  if (previous === 'add' && next === 'unlink') return undefined; // came and went within one batch
  if (previous === 'unlink' && next === 'add') return 'change';
  return next;
}

/** The folder's identity: a new folder at the same path is another inode. */
async function identity(root: string): Promise<string | undefined> {
  try {
    const info = await stat(root);
    return info.isDirectory() ? `${info.dev}:${info.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** Watches `dir` for document files and hands over debounced batches of changes. */
export function watchSeeds(dir: string, opts: SeedWatcherOptions): SeedWatcher {
  const root = resolve(dir);
  const maxWaitMs = opts.maxWaitMs ?? Math.max(opts.debounceMs * 10, 30_000);
  let pending = new Map<string, Kind>();
  let firstPendingAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const open = (initial: boolean): FSWatcher =>
    watch(root, {
      // A re-attached folder reports each file it holds as added.
      ignoreInitial: !initial,
      persistent: true,
      usePolling: opts.usePolling ?? false,
      ignored: (path: string) => path !== root && isIgnoredName(path),
    });

  const flush = (): void => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    if (running) return; // picked up when the running batch ends
    const batch = pending;
    pending = new Map();
    firstPendingAt = 0;
    const changes: SeedChanges = { added: [], changed: [], removed: [] };
    for (const [path, kind] of batch) {
      if (kind === 'add') changes.added.push(path);
      else if (kind === 'change') changes.changed.push(path);
      else changes.removed.push(path);
    }
    running = opts
      .apply(changes)
      .catch((err: unknown) => opts.logger.error({ err }, 'seeds: reload failed; the previous documents stay in use'))
      .finally(() => {
        running = undefined;
        if (pending.size > 0) schedule();
      });
  };

  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    const now = Date.now();
    if (firstPendingAt === 0) firstPendingAt = now;
    const wait = Math.min(opts.debounceMs, Math.max(0, firstPendingAt + maxWaitMs - now));
    timer = setTimeout(flush, wait);
  };

  const note = (kind: Kind, path: string): void => {
    const abs = resolve(path);
    const merged = merge(pending.get(abs), kind);
    if (merged) pending.set(abs, merged);
    else pending.delete(abs);
    schedule();
  };

  // Files under root as the watch last saw them: what to drop when the folder is replaced.
  const known = new Set<string>();
  const attach = (w: FSWatcher): void => {
    w.on('add', (p: string) => {
      known.add(resolve(p));
      note('add', p);
    });
    w.on('change', (p: string) => note('change', p));
    w.on('unlink', (p: string) => {
      known.delete(resolve(p));
      note('unlink', p);
    });
    w.on('error', (err: unknown) => opts.logger.warn({ err }, 'seeds: watcher error'));
  };

  /** Every file the watcher knows under root (folders are the keys of getWatched). */
  const knownFiles = (w: FSWatcher): string[] => {
    const tree = w.getWatched();
    const out: string[] = [];
    for (const [folder, names] of Object.entries(tree)) {
      for (const name of names) {
        const abs = resolve(folder, name);
        if (abs.startsWith(`${root}/`) && !(abs in tree)) out.push(abs);
      }
    }
    return out;
  };

  let watcher = open(false);
  attach(watcher);
  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));

  // The folder itself: gone, back, or another one at the same path.
  let current: string | undefined;
  let started = false;
  let checking = false;
  const check = async (): Promise<void> => {
    if (closed || checking || !started) return;
    checking = true;
    try {
      const id = await identity(root);
      if (closed || id === current) return;
      current = id;
      // Whatever the old watch knew is gone from this path; a new folder's files come back as adds.
      for (const file of known) note('unlink', file);
      known.clear();
      if (id === undefined) {
        opts.logger.warn({ dir: root }, `seeds: the folder ${root} is gone; its documents are dropped until it is back`);
        return;
      }
      opts.logger.warn({ dir: root }, `seeds: ${root} is a new folder (re-created or swapped); watching it and reloading`);
      const old = watcher;
      watcher = open(true);
      attach(watcher);
      await old.close();
    } finally {
      checking = false;
    }
  };
  void ready
    .then(() => {
      for (const file of knownFiles(watcher)) known.add(file);
      return identity(root);
    })
    .then((id) => {
      current = id;
      started = true;
    });
  const rootTimer = setInterval(() => void check(), opts.rootCheckMs ?? 2_000);
  rootTimer.unref();

  return {
    ready,
    async close() {
      closed = true;
      clearInterval(rootTimer);
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}

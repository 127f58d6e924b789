import { basename, resolve } from 'node:path';
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

/** Watches `dir` for document files and hands over debounced batches of changes. */
export function watchSeeds(dir: string, opts: SeedWatcherOptions): SeedWatcher {
  const root = resolve(dir);
  const maxWaitMs = opts.maxWaitMs ?? Math.max(opts.debounceMs * 10, 30_000);
  let pending = new Map<string, Kind>();
  let firstPendingAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
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

  const onEvent = (kind: Kind) => (path: string) => {
    const abs = resolve(path);
    const merged = merge(pending.get(abs), kind);
    if (merged) pending.set(abs, merged);
    else pending.delete(abs);
    schedule();
  };

  watcher.on('add', onEvent('add'));
  watcher.on('change', onEvent('change'));
  watcher.on('unlink', onEvent('unlink'));
  watcher.on('error', (err: unknown) => opts.logger.warn({ err }, 'seeds: watcher error'));

  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}

import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Adapter } from '../chat/adapter.js';
import type { AppConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Library } from '../news/library-api.js';
import type { Clock } from '../news/types.js';
import type { Store } from '../store/store.js';
import { configSubscriptions } from './config-sync.js';
import { DEFAULT_LEASE_MS, type DeliveryDeps, type RetryPolicy } from './delivery.js';
import { beat, stopBeating, warnIfAnotherInstance } from './heartbeat.js';
import { addReport, emptyReport, recoverPending, runDueSlots, type RunReport } from './run.js';
import { nextSlot } from './slots.js';

export type { RunReport } from './run.js';

export interface DigestServiceDeps {
  store: Store;
  library: () => Library;
  /** By platform: 'slack' | 'discord' | 'console'. */
  adapters: Map<string, Adapter>;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  /** Waits between retries and between posts to one channel; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** false: no minute tick, runDue is driven by the caller (tests). Default true. */
  timers?: boolean;
  /** Channels served at once (default 12). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Minimum gap between posts to one channel (default 1000 ms). */
  channelGapMs?: number;
  /**
   * How long a claimed slot stays this instance's without renewal (default 2 minutes). Another
   * instance on the same database settles it only after that, so keep it well above one post.
   */
  leaseMs?: number;
}

export interface StopOptions {
  /**
   * When stop() must be done (epoch ms, real time): the process's shutdown budget. Posts in
   * flight are waited for until shortly before it, then this instance's claims are released.
   * Default: config.shutdownGraceMs from now.
   */
  deadline?: number;
}

export interface DigestService {
  /** This instance's id as the owner of the ledger rows it posts; random per service. */
  readonly owner: string;
  /** Syncs config subscriptions, settles interrupted posts, catches up missed slots, starts the minute tick. */
  start(): Promise<void>;
  /** Posts everything due by the clock's now; what each tick calls. Runs never overlap. */
  runDue(): Promise<RunReport>;
  /** The next scheduled digest of any active subscription, for /healthz. */
  nextRun(): Date | undefined;
  /** Stops the tick, waits for posts in flight (until the deadline), then hands its claims over. */
  stop(opts?: StopOptions): Promise<void>;
  /**
   * Hands this instance's claims over at once, synchronously: for a shutdown that ran out of
   * time, so the next start need not wait for the leases to run out. Safe to call more than once.
   */
  releaseClaims(): void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Every slot is a whole minute (HH:MM, or a cron with seconds 0), so one tick a minute finds every due slot. */
const EVERY_MINUTE = '* * * * *';
/** Kept back from the shutdown deadline for releasing claims and closing the adapters and store. */
const CLOSE_RESERVE_MS = 500;

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { store, config, clock, logger } = deps;
  const owner = randomBytes(6).toString('hex');
  const log = logger.child({ component: 'digests' });
  let stopping = false;
  let queue: Promise<unknown> = Promise.resolve();
  let tickWaiting = false;
  let ticker: ScheduledTask | undefined;

  const delivery: DeliveryDeps = {
    store,
    library: deps.library,
    adapters: deps.adapters,
    config,
    clock,
    logger: log,
    sleep: deps.sleep ?? realSleep,
    retry: { attempts: 5, baseMs: 1000, maxMs: 60_000, ...deps.retry },
    channelGapMs: deps.channelGapMs ?? 1000,
    stopping: () => stopping,
    lastPostAt: new Map(),
    owner,
    leaseMs: Math.max(1000, deps.leaseMs ?? DEFAULT_LEASE_MS),
  };
  const opts = { concurrency: deps.concurrency ?? 12 };

  /** Runs one at a time, in call order, so two ticks can never claim the same slot concurrently. */
  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function runOnce(): Promise<RunReport> {
    const now = clock.now();
    if (stopping) return emptyReport(now);
    // Before new slots: what another instance abandoned (its lease ran out) since the last run.
    const settled = await recoverPending(delivery, opts);
    const report = addReport(await runDueSlots(delivery, now, opts), settled);
    if (report.due > 0) log.info({ ...report, now: now.toISOString() }, 'digest run');
    beat(store, owner, clock.now());
    return report;
  }

  function tick(): void {
    if (tickWaiting || stopping) return;
    tickWaiting = true;
    enqueue(() => {
      tickWaiting = false;
      return runOnce();
    }).catch((err: unknown) => log.error({ err }, 'digest tick failed'));
  }

  const cronLogger = {
    info: (m: string) => log.debug({ cron: true }, m),
    warn: (m: string) => log.debug({ cron: true }, m),
    error: (m: string | Error) => log.warn({ cron: true, err: m }, 'node-cron error'),
    debug: () => undefined,
  };

  // /healthz asks often; a subscription's next slot only changes once it has passed.
  const nextCache = new Map<number, { signature: string; next: Date | undefined }>();

  function nextRun(): Date | undefined {
    const now = clock.now();
    let best: Date | undefined;
    const live = new Set<number>();
    for (const sub of store.subscriptions.list()) {
      if (sub.pausedReason) continue;
      live.add(sub.id);
      const signature = `${sub.at ?? ''}|${sub.cron ?? ''}|${sub.timezone}|${sub.activeSince.getTime()}`;
      let cached = nextCache.get(sub.id);
      if (!cached || cached.signature !== signature || (cached.next && cached.next <= now)) {
        let next: Date | undefined;
        try {
          next = nextSlot(sub, now);
        } catch {
          // an unusable schedule is reported when it runs; it has no next run
        }
        cached = { signature, next };
        nextCache.set(sub.id, cached);
      }
      if (cached.next && (!best || cached.next < best)) best = cached.next;
    }
    for (const id of nextCache.keys()) if (!live.has(id)) nextCache.delete(id);
    return best;
  }

  /**
   * A config entry is the operator's intent: a start resumes a config digest that a refusing
   * channel paused. If the channel still refuses, its next slot pauses it again (one failed post).
   */
  function resumeConfigDigests(): void {
    for (const sub of store.subscriptions.list()) {
      if (sub.source !== 'config' || !sub.pausedReason) continue;
      store.subscriptions.resume(sub.id, clock.now());
      log.info({ subscription: sub.id, channel: sub.channel, pausedReason: sub.pausedReason }, 'config digest resumed at start (it was paused)');
    }
  }

  let released = false;
  function releaseClaims(): void {
    if (released) return;
    released = true;
    try {
      const n = store.ledger.releaseLeases({ owner, now: clock.now() });
      if (n > 0) log.info({ released: n }, 'digest slots left pending for the next start');
      stopBeating(store, owner, clock.now());
    } catch (err) {
      log.warn({ err }, 'digest: could not release pending slots; they are settled once their lease runs out');
    }
  }

  return {
    owner,
    async start() {
      warnIfAnotherInstance(store, owner, clock.now(), log);
      const synced = store.subscriptions.syncConfig(configSubscriptions(config, clock.now()));
      log.info(synced, 'digest subscriptions from config synced');
      resumeConfigDigests();
      if (store.lostWrites) delivery.lookFirstUpTo = clock.now();
      const recovered = await enqueue(() => recoverPending(delivery, opts));
      if (recovered.due > 0) log.info({ ...recovered }, 'interrupted digests settled');
      await enqueue(() => runOnce());
      if (!stopping && deps.timers !== false) {
        ticker = cron.schedule(EVERY_MINUTE, tick, { timezone: 'UTC', name: `newsbrief-digests-${owner}`, logger: cronLogger, suppressMissedWarning: true });
      }
      const next = nextRun();
      log.info({ subscriptions: store.subscriptions.list().length, next: next?.toISOString() }, 'digest scheduler started');
    },
    runDue: () => enqueue(() => runOnce()),
    nextRun,
    async stop(stopOpts = {}) {
      stopping = true;
      await ticker?.destroy();
      ticker = undefined;
      const deadline = stopOpts.deadline ?? Date.now() + config.shutdownGraceMs;
      const waitMs = Math.max(0, deadline - CLOSE_RESERVE_MS - Date.now());
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), waitMs);
      });
      const outcome = await Promise.race([queue.then(() => 'done' as const), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') log.warn({ waitedMs: waitMs }, 'digest posts still in flight at shutdown; their slots are settled at the next start');
      // This instance posts nothing more, so whoever starts next need not wait for our leases to run out.
      releaseClaims();
    },
    releaseClaims,
  };
}

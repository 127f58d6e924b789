import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import { z } from 'zod';
import type { Adapter } from '../chat/adapter.js';
import type { AppConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Library } from '../news/library-api.js';
import type { Clock } from '../news/types.js';
import type { Store } from '../store/store.js';
import { configSubscriptions } from './config-sync.js';
import { DEFAULT_LEASE_MS, type DeliveryDeps, type RetryPolicy } from './deliver.js';
import { addReport, emptyReport, recoverPending, runDueSlots, type RunReport } from './run.js';
import { cronExpression, nextSlot } from './slots.js';

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
  /** false: no node-cron timers, runDue is driven by the caller (tests). Default true. */
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

export interface DigestService {
  /**
   * Follow a change of the subscriptions (the /digest commands call it). Goes once the scheduler
   * works from one minute tick instead of one timer per subscription.
   */
  resync(): void;
  /** This instance's id as the owner of the ledger rows it posts; random per service. */
  readonly owner: string;
  /** Syncs config subscriptions, settles interrupted posts, catches up missed slots, starts the timers. */
  start(): Promise<void>;
  /** Posts everything due up to `now` (default: the clock); what each timer tick calls. Runs never overlap. */
  runDue(now?: Date): Promise<RunReport>;
  /** The next scheduled digest of any active subscription, for /healthz. */
  nextRun(): Date | undefined;
  /** Stops the timers and waits (up to config.shutdownGraceMs) for posts in flight. */
  stop(): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const SWEEP = '* * * * *';
const HEARTBEAT_KEY = 'scheduler.heartbeat';
const heartbeat = z.object({ owner: z.string(), at: z.iso.datetime(), stopped: z.boolean().optional() });
/** A heartbeat younger than this (the sweep writes one a minute) means that instance is alive. */
const ALIVE_MS = 3 * 60_000;

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { store, config, clock, logger } = deps;
  const owner = randomBytes(6).toString('hex');
  const log = logger.child({ component: 'digests' });
  let stopping = false;
  let started = false;
  let queue: Promise<unknown> = Promise.resolve();
  let tickWaiting = false;
  const jobs = new Map<string, { task: ScheduledTask; signature: string }>();
  const lastPostAt = new Map<string, number>();

  const delivery = (runClock: Clock): DeliveryDeps => ({
    store,
    library: deps.library,
    adapters: deps.adapters,
    config,
    clock: runClock,
    logger: log,
    sleep: deps.sleep ?? realSleep,
    retry: { attempts: 5, baseMs: 1000, maxMs: 60_000, ...deps.retry },
    channelGapMs: deps.channelGapMs ?? 1000,
    stopping: () => stopping,
    lastPostAt,
    owner,
    leaseMs: Math.max(1000, deps.leaseMs ?? DEFAULT_LEASE_MS),
  });
  const opts = { concurrency: deps.concurrency ?? 12 };

  /** Runs one at a time, in call order, so two ticks can never claim the same slot concurrently. */
  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function runOnce(now: Date): Promise<RunReport> {
    if (stopping) return emptyReport(now);
    // A run "at" an explicit instant keeps time moving from there, so retries and gaps still add up.
    const offset = now.getTime() - clock.now().getTime();
    const runClock: Clock = offset === 0 ? clock : { now: () => new Date(clock.now().getTime() + offset) };
    const d = delivery(runClock);
    // Before new slots: what another instance abandoned (its lease ran out) since the last run.
    const settled = await recoverPending(d, opts);
    const report = addReport(await runDueSlots(d, now, opts), settled);
    if (report.due > 0) log.info({ ...report, now: now.toISOString() }, 'digest run');
    if (report.paused > 0) syncTimers();
    store.meta.set(HEARTBEAT_KEY, JSON.stringify({ owner, at: clock.now().toISOString() }));
    return report;
  }

  function tick(): void {
    if (tickWaiting || stopping) return;
    tickWaiting = true;
    enqueue(() => {
      tickWaiting = false;
      return runOnce(clock.now());
    }).catch((err: unknown) => log.error({ err }, 'digest tick failed'));
  }

  const cronLogger = {
    info: (m: string) => log.debug({ cron: true }, m),
    warn: (m: string) => log.debug({ cron: true }, m),
    error: (m: string | Error) => log.warn({ cron: true, err: m }, 'node-cron error'),
    debug: () => undefined,
  };

  function schedule(name: string, expr: string, timezone: string): ScheduledTask {
    return cron.schedule(expr, () => tick(), { timezone, name, logger: cronLogger, suppressMissedWarning: true });
  }

  /**
   * One node-cron job per active subscription, in its own time zone, plus a UTC sweep every minute.
   * The jobs only wake the scheduler: which slots are due is worked out from the ledger, so a job
   * that does not fire (a local time skipped by DST) is caught by the sweep within a minute.
   */
  function syncTimers(): void {
    if (!started || stopping || deps.timers === false) return;
    const wanted = new Map<string, { expr: string; timezone: string }>();
    wanted.set('sweep', { expr: SWEEP, timezone: 'UTC' });
    for (const sub of store.subscriptions.list()) {
      if (!sub.pausedReason) wanted.set(`sub-${sub.id}`, { expr: cronExpression(sub), timezone: sub.timezone });
    }
    const signatureOf = (w: { expr: string; timezone: string } | undefined) => (w ? `${w.expr}|${w.timezone}` : '');
    for (const [name, job] of jobs) {
      if (signatureOf(wanted.get(name)) !== job.signature) {
        void job.task.destroy();
        jobs.delete(name);
      }
    }
    for (const [name, want] of wanted) {
      if (jobs.has(name)) continue;
      try {
        jobs.set(name, { task: schedule(name, want.expr, want.timezone), signature: signatureOf(want) });
      } catch (err) {
        log.error({ err, job: name }, 'digest: could not schedule a timer');
      }
    }
  }

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

  function lastHeartbeat(): z.infer<typeof heartbeat> | undefined {
    try {
      const parsed = heartbeat.safeParse(JSON.parse(store.meta.get(HEARTBEAT_KEY) ?? 'null'));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // an unreadable heartbeat says nothing
    }
  }

  /**
   * Two live schedulers on one database work (leases keep each digest to one post), but outside a
   * deploy overlap it is most likely a mistake (two replicas, a stray process), so say so.
   */
  function warnIfAnotherInstance(): void {
    const other = lastHeartbeat();
    if (!other || other.owner === owner || other.stopped) return;
    const age = clock.now().getTime() - Date.parse(other.at);
    if (age < ALIVE_MS) {
      log.warn(
        { otherInstance: other.owner, lastSeen: other.at, db: store.path },
        'another newsbrief scheduler ran on this database moments ago; if it is still running, both schedule digests (each is posted once, by whichever claims it), which is fine during a deploy but otherwise probably a mistake',
      );
    }
  }

  return {
    resync: syncTimers,
    owner,
    async start() {
      warnIfAnotherInstance();
      const synced = store.subscriptions.syncConfig(configSubscriptions(config, clock.now()));
      log.info(synced, 'digest subscriptions from config synced');
      resumeConfigDigests();
      const recovered = await enqueue(() => recoverPending(delivery(clock), opts));
      if (recovered.due > 0) log.info({ ...recovered }, 'interrupted digests settled');
      await enqueue(() => runOnce(clock.now()));
      started = true;
      syncTimers();
      const next = nextRun();
      log.info({ subscriptions: store.subscriptions.list().length, next: next?.toISOString() }, 'digest scheduler started');
    },
    runDue: (now) => enqueue(() => runOnce(now ?? clock.now())),
    nextRun,
    async stop() {
      stopping = true;
      for (const job of jobs.values()) await job.task.destroy();
      jobs.clear();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), config.shutdownGraceMs);
      });
      const outcome = await Promise.race([queue.then(() => 'done' as const), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') log.warn('digest posts still in flight at shutdown; their slots are settled at the next start');
      // This instance posts nothing more, so whoever starts next need not wait for our leases to run out.
      try {
        const released = store.ledger.release(owner, clock.now());
        if (released > 0) log.info({ released }, 'digest slots left pending for the next start');
        if (lastHeartbeat()?.owner === owner) {
          store.meta.set(HEARTBEAT_KEY, JSON.stringify({ owner, at: clock.now().toISOString(), stopped: true }));
        }
      } catch (err) {
        log.warn({ err }, 'digest: could not release pending slots; they are settled once their lease runs out');
      }
    },
  };
}

import type { Subscription } from '../store/types.js';
import { deliverSlot, graceMs, recordMissedSlot, recoverAbandoned, type DeliveryDeps, type SlotOutcome } from './deliver.js';
import { runPerChannel } from './pool.js';
import { computeSlots } from './slots.js';

export interface RunReport {
  /** The instant the run looked up to. */
  now: Date;
  /** Slots found due in this run (missed ones included). */
  due: number;
  sent: number;
  skipped: number;
  missed: number;
  failed: number;
  paused: number;
  recovered: number;
  /** Already settled by an earlier run (the ledger said so). */
  already: number;
  /** Left pending for the next start to settle, because the service was stopping. */
  interrupted: number;
  /** Pending in another live instance (same database), which holds the slot and posts it. */
  busy: number;
}

export const LAST_RUN_KEY = 'scheduler.last_run';
const MAX_SLOTS_PER_SUBSCRIPTION = 500;

export function emptyReport(now: Date): RunReport {
  return { now, due: 0, sent: 0, skipped: 0, missed: 0, failed: 0, paused: 0, recovered: 0, already: 0, interrupted: 0, busy: 0 };
}

function count(report: RunReport, outcome: SlotOutcome): void {
  report[outcome]++;
}

/** Adds `more`'s counts into `into` (the instant stays `into`'s). */
export function addReport(into: RunReport, more: RunReport): RunReport {
  for (const key of Object.keys(into) as (keyof RunReport)[]) {
    if (key !== 'now') into[key] += more[key];
  }
  return into;
}

interface Job {
  sub: Subscription;
  slot: Date;
}

export interface RunOptions {
  concurrency: number;
}

/**
 * Everything due in (last run, now]: for each active subscription, the latest slot inside the
 * grace window is posted; earlier ones (downtime, or a long-stopped clock) are recorded missed.
 * The last-run mark only moves forward, and only after a run that was not cut short.
 */
export async function runDueSlots(deps: DeliveryDeps, now: Date, opts: RunOptions): Promise<RunReport> {
  const { store, logger } = deps;
  const report = emptyReport(now);
  const lastRunRaw = store.meta.get(LAST_RUN_KEY);
  const lastRun = lastRunRaw ? new Date(lastRunRaw) : undefined;
  const graceStart = new Date(now.getTime() - graceMs(deps.config));
  const jobs: Job[] = [];

  for (const sub of store.subscriptions.list()) {
    if (sub.pausedReason) continue;
    const from = lastRun && lastRun > sub.activeSince ? lastRun : sub.activeSince;
    try {
      if (from < graceStart) {
        const old = computeSlots(sub, from, graceStart, MAX_SLOTS_PER_SUBSCRIPTION);
        for (const slot of old) count(report, recordMissedSlot(deps, sub, slot, 'the bot was not running within the grace window'));
        report.due += old.length;
        if (old.length === MAX_SLOTS_PER_SUBSCRIPTION) {
          logger.warn({ subscription: sub.id }, 'digest: more missed slots than recorded (only the first few hundred are)');
        }
      }
      const due = computeSlots(sub, from > graceStart ? from : graceStart, now, MAX_SLOTS_PER_SUBSCRIPTION);
      report.due += due.length;
      // Several slots due at once (downtime, frequent cron): one digest covers them all.
      for (const slot of due.slice(0, -1)) count(report, recordMissedSlot(deps, sub, slot, 'superseded by a later slot'));
      const latest = due.at(-1);
      if (latest) jobs.push({ sub, slot: latest });
    } catch (err) {
      report.failed++;
      logger.error({ err, subscription: sub.id }, 'digest: cannot work out this subscription’s schedule');
    }
  }

  jobs.sort((a, b) => a.slot.getTime() - b.slot.getTime() || a.sub.id - b.sub.id);
  await runPerChannel(
    jobs,
    (job) => job.sub.channel,
    opts.concurrency,
    async (job) => count(report, await deliverSlot(deps, job.sub, job.slot)),
    (job, err) => {
      report.failed++;
      logger.error({ err, subscription: job.sub.id, slot: job.slot.toISOString() }, 'digest delivery failed unexpectedly');
    },
  );

  if (!deps.stopping() && (!lastRun || now > lastRun)) store.meta.set(LAST_RUN_KEY, now.toISOString());
  return report;
}

/**
 * Settles the abandoned pending rows: their holder died mid-post (or shut down) and its lease ran
 * out. Rows another live instance is posting are left alone. Runs at start and before every run,
 * so a crash of another instance is settled once its lease expires, not only at our next start.
 */
export async function recoverPending(deps: DeliveryDeps, opts: RunOptions): Promise<RunReport> {
  const report = emptyReport(deps.clock.now());
  const entries = deps.store.ledger.abandoned({ owner: deps.owner, now: deps.clock.now() });
  await runPerChannel(
    entries,
    (e) => e.channel,
    opts.concurrency,
    async (entry) => {
      const sub = deps.store.subscriptions.get(entry.subscriptionId);
      if (!sub) return;
      report.due++;
      count(report, await recoverAbandoned(deps, sub, entry));
    },
    (entry, err) => {
      report.failed++;
      deps.logger.error({ err, subscription: entry.subscriptionId }, 'digest recovery failed unexpectedly');
    },
  );
  return report;
}

import { z } from 'zod';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

/**
 * Each scheduler writes a heartbeat a minute into the store, so a second one starting on the
 * same database can say so (two live schedulers work, but outside a deploy overlap it is most
 * likely a mistake).
 */

const HEARTBEAT_KEY = 'scheduler.heartbeat';
const heartbeat = z.object({ owner: z.string(), at: z.iso.datetime(), stopped: z.boolean().optional() });
/** A heartbeat younger than this (the tick writes one a minute) means that instance is alive. */
const ALIVE_MS = 3 * 60_000;

function last(store: Store): z.infer<typeof heartbeat> | undefined {
  try {
    const parsed = heartbeat.safeParse(JSON.parse(store.meta.get(HEARTBEAT_KEY) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // an unreadable heartbeat says nothing
  }
}

export function beat(store: Store, owner: string, now: Date): void {
  store.meta.set(HEARTBEAT_KEY, JSON.stringify({ owner, at: now.toISOString() }));
}

/** Marks this instance's heartbeat stopped (if it is the last one written), so the next start does not warn. */
export function stopBeating(store: Store, owner: string, now: Date): void {
  if (last(store)?.owner === owner) store.meta.set(HEARTBEAT_KEY, JSON.stringify({ owner, at: now.toISOString(), stopped: true }));
}

export function warnIfAnotherInstance(store: Store, owner: string, now: Date, log: Logger): void {
  const other = last(store);
  if (!other || other.owner === owner || other.stopped) return;
  if (now.getTime() - Date.parse(other.at) < ALIVE_MS) {
    log.warn(
      { otherInstance: other.owner, lastSeen: other.at, db: store.path },
      'another newsbrief scheduler ran on this database moments ago; if it is still running, both schedule digests (each is posted once, by whichever claims it), which is fine during a deploy but otherwise probably a mistake',
    );
  }
}

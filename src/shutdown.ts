import type { Logger } from './log.js';
import type { Dispatch, Reply } from './chat/reply.js';

export interface ShutdownOptions {
  logger: Logger;
  /** How long work in flight may take to finish before the process exits anyway. */
  graceMs: number;
  /**
   * Stop taking commands, finish replies and digests in flight, close everything, all by
   * `deadline` (epoch ms): the grace is one budget, shared by every step, so what must happen
   * before exit (digest claims handed over) is never cut off by the process exiting first.
   */
  stop: (budget: { deadline: number }) => Promise<void>;
  /** After the grace ran out: close what must not be left open (the database), synchronously. */
  force?: () => void;
  exit: (code: number) => void;
}

export interface Shutdown {
  /** Begin shutting down (once); a second call from a signal exits at once. */
  begin(why: string, opts?: { signal?: boolean; code?: number }): Promise<void>;
  stopping(): boolean;
  /** Listen for SIGTERM and SIGINT on `proc`. */
  install(proc: Pick<NodeJS.Process, 'on'>): void;
}

/** How long past its deadline a stop() that hangs is given before the process closes anyway. */
const FORCE_AFTER_MS = 250;

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export function createShutdown(opts: ShutdownOptions): Shutdown {
  const { logger } = opts;
  let stopping = false;

  async function begin(why: string, how: { signal?: boolean; code?: number } = {}): Promise<void> {
    if (stopping) {
      if (how.signal) {
        // The operator asked twice: they want it gone now, not cleanly.
        logger.warn({ why }, 'second signal: exiting now without waiting');
        opts.exit(SIGNAL_EXIT[why] ?? 1);
      }
      return;
    }
    stopping = true;
    logger.info({ why, graceMs: opts.graceMs }, 'shutting down');
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      opts.stop({ deadline: started + opts.graceMs }).then(
        () => 'done' as const,
        (err: unknown) => {
          logger.error({ err }, 'error while shutting down');
          return 'failed' as const;
        },
      ),
      // A little past the deadline: stop() keeps to it, this only catches a step that hangs.
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), opts.graceMs + FORCE_AFTER_MS);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      logger.warn({ graceMs: opts.graceMs }, 'work still in flight after the shutdown grace: closing anyway');
      try {
        opts.force?.();
      } catch (err) {
        logger.error({ err }, 'error while forcing shutdown');
      }
      opts.exit(1);
      return;
    }
    const code = outcome === 'failed' ? 1 : (how.code ?? 0);
    logger.info({ ms: Date.now() - started, code }, 'stopped');
    opts.exit(code);
  }

  return {
    begin,
    stopping: () => stopping,
    install(proc) {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) proc.on(signal, () => void begin(signal, { signal: true }));
    },
  };
}

export interface GatedDispatch extends Dispatch {
  /** Refuse new commands from now on and wait for the ones running to finish. */
  drain(): Promise<void>;
  stopping(): boolean;
}

/**
 * Stops taking commands at shutdown while the ones already running finish, so their replies
 * still go out before the adapters close. Late commands get a short answer, not silence.
 */
export function gateCommands(inner: Dispatch): GatedDispatch {
  const inFlight = new Set<Promise<Reply>>();
  let closed = false;
  const gated: Dispatch = async (req) => {
    if (closed) return { kind: 'error', code: 'unavailable', text: 'newsbrief is restarting; please try again in a minute.' };
    const run = inner(req);
    inFlight.add(run);
    try {
      return await run;
    } finally {
      inFlight.delete(run);
    }
  };
  return Object.assign(gated, {
    async drain() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
    stopping: () => closed,
  });
}

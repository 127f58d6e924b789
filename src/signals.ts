import type { Logger } from './log.js';

/**
 * How the process hears the operator. Ctrl-C on `npm start` delivers SIGINT two or three times
 * at once (the terminal sends it to the whole process group: npm, tsx and node, and npm and tsx
 * forward it too), so a repeat within a moment of the first is the same request, not a second
 * "exit now". SIGHUP (a closed terminal, `systemctl reload`, `kill -HUP`) is logged and otherwise
 * ignored: the configuration is read once at start, so there is nothing to reload, and a
 * hang-up must not kill a bot serving chat platforms (the console ends anyway when its input
 * does).
 */

/** Signals this close after the first are the same Ctrl-C. */
export const REPEAT_WINDOW_MS = 1_500;

export interface SignalOptions {
  logger: Logger;
  /** Begin the graceful stop; called again on a deliberate second signal (which exits at once). */
  stop(signal: 'SIGINT' | 'SIGTERM'): void;
  now?: () => number;
}

export function receiveSignals(proc: Pick<NodeJS.Process, 'on'>, opts: SignalOptions): void {
  const now = opts.now ?? Date.now;
  let firstAt: number | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    proc.on(signal, () => {
      const t = now();
      if (firstAt !== undefined && t - firstAt < REPEAT_WINDOW_MS) {
        opts.logger.debug({ signal }, `${signal} again within ${REPEAT_WINDOW_MS} ms: the same request, already stopping`);
        return;
      }
      if (firstAt === undefined) firstAt = t;
      opts.stop(signal);
    });
  }
  proc.on('SIGHUP', () => {
    opts.logger.warn(
      { signal: 'SIGHUP' },
      'SIGHUP received: nothing to reload (configuration is read at start; restart to apply changes), still running',
    );
  });
}

/** Whether a stream error means the reader went away (`npm start | head -1`), not a fault. */
export function isClosedPipe(err: unknown): boolean {
  const code = err && typeof err === 'object' && 'code' in err ? (err as { code: unknown }).code : undefined;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

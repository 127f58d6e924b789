import type { Logger } from '../../log.js';
import { redactTokens } from './bolt-logger.js';

/**
 * Socket Mode reconnects by itself, but when Slack cannot be reached at that moment
 * (apps.connections.open fails to connect) its reconnect promise rejects with no one listening:
 * an unhandled rejection that would end the process. This wraps the client's start() so that,
 * once running, a failed reconnect is logged and tried again with backoff, for as long as it takes.
 */

export interface Startable {
  start(): Promise<unknown>;
}

export interface ReconnectOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: () => void;
}

export interface ReconnectSupervisor {
  /** From now on a failed start is retried instead of thrown (the first start's failure is the caller's). */
  running(): void;
  stop(): void;
}

export function superviseReconnects(client: Startable, logger: Logger, opts: ReconnectOptions = {}): ReconnectSupervisor {
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 60_000;
  const original = client.start.bind(client);
  let isRunning = false;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<unknown> | undefined;

  const attempt = async (): Promise<unknown> => {
    try {
      const result = await original();
      failures = 0;
      return result;
    } catch (err) {
      if (!isRunning || stopped) throw err;
      failures++;
      const delay = Math.min(max, base * 2 ** (failures - 1));
      logger.warn({ err: redactTokens(err instanceof Error ? err.message : String(err)), retryInMs: delay }, 'slack reconnect failed; will retry');
      opts.onRetry?.();
      timer = setTimeout(() => {
        timer = undefined;
        if (!stopped) void client.start();
      }, delay);
      return undefined;
    }
  };

  // The library may ask to reconnect while a retry is pending or running: one attempt at a time.
  client.start = () => {
    if (inflight) return inflight;
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    inflight = attempt().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  return {
    running: () => {
      isRunning = true;
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

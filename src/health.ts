import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdapterState } from './chat/adapter.js';
import type { Clock } from './news/types.js';
import type { Logger } from './log.js';
import type { FeedsHealth } from './sources/feeds/service.js';

/** What /healthz needs to know about the running app (the App satisfies it). */
export interface HealthSource {
  adapters: readonly { platform: string; state?(): AdapterState }[];
  documents(): number;
  lastLoad(): { at: Date; documents: number; skipped: number; ms: number } | undefined;
  nextDigest(): Date | undefined;
  /** Each feed's state (ok, failing since …, disabled: why); a broken feed does not make the bot unhealthy. */
  feeds?(): FeedsHealth;
  /** True once shutdown has begun: the service is going away, so it is not healthy. */
  stopping?(): boolean;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'stopping';
  adapters: Record<string, AdapterState | 'unknown'>;
  /** Platforms that have been out of 'up' longer than the grace, with how long. */
  failing: Record<string, { state: AdapterState; forMs: number }>;
  documents: number;
  /**
   * 'empty': no documents at all, so every /brief answers "no news" (a seeds folder that could
   * not be read, or is gone); 'shrunk': fewer than half of the most it held in the last 6 hours.
   */
  library: 'ok' | 'empty' | 'shrunk';
  /** The most documents seen in that window. */
  peakDocuments: number;
  lastLoad: { at: string; documents: number; skipped: number; ms: number } | null;
  nextDigest: string | null;
  feeds?: FeedsHealth;
}

/** How long the library's high-water mark is remembered: a deliberate clean-up reads as healthy again after this. */
export const PEAK_MEMORY_MS = 6 * 60 * 60 * 1000;
/** A library below this share of its peak has lost most of what it had. */
const SHRUNK_SHARE = 0.5;

/**
 * Judges adapter health over time: a platform that is 'connecting' or 'down' is fine while it
 * reconnects, and unhealthy only once that has lasted longer than the grace.
 */
export class HealthMonitor {
  private readonly notUpSince = new Map<string, Date>();
  private peak = { documents: 0, at: 0 };

  constructor(
    private readonly source: HealthSource,
    private readonly opts: { clock: Clock; graceMs: number },
  ) {}

  /** Record the adapters' states now. Called on every request and on a timer, so an outage between requests is timed from when it began. */
  sample(): void {
    const now = this.opts.clock.now();
    this.samplePeak(now.getTime());
    for (const adapter of this.source.adapters) {
      const state = adapter.state?.() ?? 'up';
      if (state === 'up') this.notUpSince.delete(adapter.platform);
      else if (!this.notUpSince.has(adapter.platform)) this.notUpSince.set(adapter.platform, now);
    }
  }

  private samplePeak(now: number): void {
    let documents: number;
    try {
      documents = this.source.documents();
    } catch {
      return; // report() says so; the background sample must not throw
    }
    if (documents >= this.peak.documents || now - this.peak.at > PEAK_MEMORY_MS) this.peak = { documents, at: now };
  }

  report(): HealthReport {
    this.sample();
    const now = this.opts.clock.now().getTime();
    const adapters: HealthReport['adapters'] = {};
    const failing: HealthReport['failing'] = {};
    for (const adapter of this.source.adapters) {
      const state = adapter.state?.();
      adapters[adapter.platform] = state ?? 'unknown';
      const since = this.notUpSince.get(adapter.platform);
      if (state && since && now - since.getTime() > this.opts.graceMs) failing[adapter.platform] = { state, forMs: now - since.getTime() };
    }
    const last = this.source.lastLoad();
    const next = this.source.nextDigest();
    const stopping = this.source.stopping?.() === true;
    const documents = this.source.documents();
    const library = documents === 0 ? 'empty' : documents < this.peak.documents * SHRUNK_SHARE ? 'shrunk' : 'ok';
    return {
      status: stopping ? 'stopping' : Object.keys(failing).length > 0 || library !== 'ok' ? 'degraded' : 'ok',
      adapters,
      failing,
      documents,
      library,
      peakDocuments: this.peak.documents,
      lastLoad: last ? { ...last, at: last.at.toISOString() } : null,
      nextDigest: next ? next.toISOString() : null,
      ...(this.source.feeds ? { feeds: this.source.feeds() } : {}),
    };
  }
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/** GET /healthz: 200 with the report while all is well, 503 otherwise. Anything else: 404. */
export async function startHealthServer(
  monitor: HealthMonitor,
  opts: { port: number; host?: string; logger: Logger; sampleEveryMs?: number },
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(path === '/healthz' ? 405 : 404, { 'content-type': 'text/plain' }).end(path === '/healthz' ? 'method not allowed\n' : 'not found\n');
      return;
    }
    let report: HealthReport;
    try {
      report = monitor.report();
    } catch (err) {
      opts.logger.error({ err }, 'health check failed');
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"error"}\n');
      return;
    }
    const body = `${JSON.stringify(report)}\n`;
    res
      .writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(req.method === 'HEAD' ? undefined : body);
  });
  // Keep-alive sockets from a prober would otherwise hold close() open until they time out.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => opts.logger.error({ err }, 'health server error'));
  monitor.sample();
  const timer = setInterval(() => monitor.sample(), opts.sampleEveryMs ?? 5_000);
  timer.unref();
  const port = (server.address() as AddressInfo).port;
  opts.logger.info({ port }, 'health endpoint listening on /healthz');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

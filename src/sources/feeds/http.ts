import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import pLimit, { type LimitFunction } from 'p-limit';
import { Agent, request } from 'undici';
import type { AddressPolicy } from './address.js';
import { decompress, FeedReadError } from './decode.js';

/**
 * Polite HTTP for feeds and pages: one User-Agent that names the bot, a total timeout, a body
 * cap, redirects followed by hand so every hop is checked, a few requests at a time per host,
 * and no connection to an address the policy refuses, checked on the resolved address of every
 * hop (so neither a DNS name pointing inside nor a redirect there gets through).
 */

export type FetchErrorKind = 'timeout' | 'too_large' | 'redirects' | 'refused' | 'http' | 'network' | 'unreadable';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status?: number,
    /** From Retry-After on 429/503. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchedHeaders {
  contentType?: string;
  etag?: string;
  lastModified?: string;
  cacheControl?: string;
}

export type FetchResult =
  /** `movedTo`: every redirect on the way was permanent (301/308), so `url` is the feed's address now. */
  | { status: 'ok'; url: string; body: Buffer; wireBytes: number; headers: FetchedHeaders; movedTo?: string }
  | { status: 'not_modified'; url: string; headers: FetchedHeaders };

export interface HttpOptions {
  policy: AddressPolicy;
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  perHost: number;
  /** Connections kept in all (undici pools per origin underneath). */
  connections?: number;
}

export interface GetOptions {
  accept?: string;
  etag?: string;
  lastModified?: string;
  signal?: AbortSignal;
  /** Smaller cap for this request (robots.txt). */
  maxBytes?: number;
}

export interface HttpClient {
  get(url: string, opts?: GetOptions): Promise<FetchResult>;
  close(): Promise<void>;
}

const REFUSED = 'ENEWSBRIEF_REFUSED';

class RefusedAddress extends Error {
  readonly code = REFUSED;
}

/** One fetch's total time budget, started by its first request and shared by its redirects. */
class Deadline {
  private signal?: AbortSignal;
  private timeout?: AbortSignal;
  constructor(
    private readonly ms: number,
    private readonly outer?: AbortSignal,
  ) {}
  start(): AbortSignal {
    if (!this.signal) {
      this.timeout = AbortSignal.timeout(this.ms);
      this.signal = this.outer ? AbortSignal.any([this.timeout, this.outer]) : this.timeout;
    }
    return this.signal;
  }
  expired(): boolean {
    return this.timeout?.aborted === true;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

/** Retry-After: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let e: unknown = err;
  while (e && chain.length < 5) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

function isStaleSocket(err: unknown): boolean {
  return causeChain(err).some((e) => ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(String((e as { code?: unknown }).code)));
}

function describeNetworkError(err: unknown): FetchError {
  const chain = causeChain(err);
  const refused = chain.find((e) => (e as { code?: string }).code === REFUSED);
  if (refused) return new FetchError('refused', (refused as Error).message);
  if (chain.some((e) => (e as { name?: string }).name === 'TimeoutError')) return new FetchError('timeout', 'timed out');
  const coded = chain.find((e) => typeof (e as { code?: unknown }).code === 'string') as { code: string; message: string } | undefined;
  const code = coded?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new FetchError('network', 'the host name does not resolve');
  if (code === 'ECONNREFUSED') return new FetchError('network', 'the connection was refused');
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return new FetchError('timeout', 'timed out');
  const message = coded?.message ?? (err instanceof Error ? err.message : String(err));
  return new FetchError('network', `${code ? `${code}: ` : ''}${message}`.slice(0, 200));
}

export function createHttpClient(opts: HttpOptions): HttpClient {
  const guardedLookup = (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      for (const a of addresses) {
        const why = opts.policy.refusal(a.address, hostname);
        if (why) return callback(new RefusedAddress(why));
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`));
      callback(null, first.address, first.family);
    });
  };
  const agent = new Agent({
    connect: { lookup: guardedLookup as never, timeout: opts.timeoutMs },
    connections: opts.perHost,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    keepAliveTimeout: 4_000,
  });
  const hosts = new Map<string, LimitFunction>();
  const limitFor = (host: string): LimitFunction => {
    let limit = hosts.get(host);
    if (!limit) {
      limit = pLimit(opts.perHost);
      hosts.set(host, limit);
    }
    return limit;
  };

  const hop = async (url: URL, get: GetOptions, clock: Deadline, maxBytes: number) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError('refused', `only http(s) addresses are fetched, not ${url.protocol}`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // A literal IP is never looked up, so the lookup guard would not see it.
    if (isIP(host)) {
      const why = opts.policy.refusal(host, host);
      if (why) throw new FetchError('refused', why);
    }
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent,
      accept: get.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (get.etag) headers['if-none-match'] = get.etag;
    if (get.lastModified) headers['if-modified-since'] = get.lastModified;
    return limitFor(url.host)(async () => {
      // The timeout runs from the first request sent, not from the wait for a free slot.
      const signal = clock.start();
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(url, { dispatcher: agent, method: 'GET', headers, signal });
      } catch (err) {
        // A kept-alive connection the server closed just as it was reused: one more try, on a new one.
        if (!signal.aborted && isStaleSocket(err)) {
          try {
            res = await request(url, { dispatcher: agent, method: 'GET', headers, signal, reset: true });
          } catch (again) {
            throw describeNetworkError(again);
          }
        } else throw describeNetworkError(err);
      }
      const h = res.headers;
      const fetched: FetchedHeaders = {
        contentType: header(h, 'content-type'),
        etag: header(h, 'etag'),
        lastModified: header(h, 'last-modified'),
        cacheControl: header(h, 'cache-control'),
      };
      if (REDIRECTS.has(res.statusCode) || res.statusCode === 304 || res.statusCode >= 400) {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return { status: res.statusCode, location: header(h, 'location'), retryAfter: header(h, 'retry-after'), headers: fetched, body: Buffer.alloc(0), wire: 0 };
      }
      const declared = Number(header(h, 'content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.body.destroy();
        throw new FetchError('too_large', `the response is ${Math.round(declared / 1024)} KB, over the ${Math.round(maxBytes / 1024)} KB limit`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          const buf = chunk as Buffer;
          size += buf.length;
          if (size > maxBytes) {
            res.body.destroy();
            throw new FetchError('too_large', `the response is over the ${Math.round(maxBytes / 1024)} KB limit; stopped reading`);
          }
          chunks.push(buf);
        }
      } catch (err) {
        if (err instanceof FetchError) throw err;
        throw describeNetworkError(err);
      }
      let body: Buffer;
      try {
        body = decompress(Buffer.concat(chunks), header(h, 'content-encoding'), maxBytes);
      } catch (err) {
        if (err instanceof FeedReadError) throw new FetchError(/larger/.test(err.message) ? 'too_large' : 'unreadable', err.message);
        throw err;
      }
      return { status: res.statusCode, location: undefined, retryAfter: undefined, headers: fetched, body, wire: size };
    });
  };

  return {
    async get(address, get = {}) {
      const maxBytes = get.maxBytes ?? opts.maxBytes;
      const deadline = new Deadline(opts.timeoutMs, get.signal);
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        throw new FetchError('refused', `not an address: ${address.slice(0, 100)}`);
      }
      const seen = new Set<string>([url.href]);
      let permanent = true;
      for (let redirects = 0; ; redirects++) {
        let r: Awaited<ReturnType<typeof hop>>;
        try {
          r = await hop(url, get, deadline, maxBytes);
        } catch (err) {
          if (err instanceof FetchError) throw deadline.expired() && err.kind !== 'too_large' ? new FetchError('timeout', `no complete answer within ${opts.timeoutMs / 1000} s`) : err;
          throw describeNetworkError(err);
        }
        if (REDIRECTS.has(r.status) && r.location) {
          let next: URL;
          try {
            next = new URL(r.location, url);
          } catch {
            throw new FetchError('http', `redirected to an unreadable address`, r.status);
          }
          if (seen.has(next.href)) throw new FetchError('redirects', `redirect loop (${url.href} → ${next.href})`, r.status);
          if (redirects + 1 > opts.maxRedirects) throw new FetchError('redirects', `more than ${opts.maxRedirects} redirects`, r.status);
          seen.add(next.href);
          permanent &&= r.status === 301 || r.status === 308;
          url = next;
          continue;
        }
        if (r.status === 304) return { status: 'not_modified', url: url.href, headers: r.headers };
        if (r.status >= 300) {
          const wait = r.status === 429 || r.status === 503 ? retryAfterMs(r.retryAfter, new Date()) : undefined;
          throw new FetchError('http', `HTTP ${r.status}`, r.status, wait);
        }
        const moved = redirects > 0 && permanent ? { movedTo: url.href } : {};
        return { status: 'ok', url: url.href, body: r.body, wireBytes: r.wire, headers: r.headers, ...moved };
      }
    },
    close: () => agent.close(),
  };
}

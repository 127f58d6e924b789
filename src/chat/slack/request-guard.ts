import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../log.js';

/**
 * What Bolt's own check of a signed request leaves open: it refuses a timestamp more than five
 * minutes old, but not one in the future, and it answers the same signed request as often as it
 * is sent. A request captured once could be replayed for as long as its timestamp allows. This
 * check runs first: a timestamp more than the window ahead is refused, and a correctly signed
 * request seen before within the window is acknowledged and otherwise ignored. Bolt then checks
 * the signature and the age as before.
 */

/** Slack's own window for a request's timestamp. */
export const REQUEST_WINDOW_SEC = 5 * 60;
/** Signatures remembered at most: more than five minutes of traffic any one bot receives. */
const SEEN_MAX = 50_000;

export interface RequestGuardOptions {
  signingSecret: string;
  logger: Logger;
  /** Seconds since the epoch (tests move it). */
  nowSec?: () => number;
}

export interface RequestCheck {
  /** 'pass' to Bolt, refuse with 401 ('future'), or acknowledge and drop ('replay'). */
  verdict: 'pass' | 'future' | 'replay';
}

/** The check alone, over a request's timestamp, signature and body. */
export function createRequestCheck(opts: Omit<RequestGuardOptions, 'logger'>): (timestamp: string | undefined, signature: string | undefined, body: Buffer) => RequestCheck['verdict'] {
  const nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  // Signature → the time (s) after which a replay is refused by Bolt's age check anyway.
  const seen = new Map<string, number>();
  const prune = (now: number): void => {
    for (const [sig, until] of seen) {
      // Insertion order is arrival order, so the oldest come first.
      if (until >= now && seen.size < SEEN_MAX) break;
      seen.delete(sig);
    }
  };
  return (timestamp, signature, body) => {
    const ts = Number(timestamp);
    if (timestamp === undefined || signature === undefined || !Number.isFinite(ts)) return 'pass'; // Bolt refuses it
    const now = nowSec();
    if (ts > now + REQUEST_WINDOW_SEC) return 'future';
    if (!signedBy(opts.signingSecret, timestamp, signature, body)) return 'pass'; // Bolt refuses it, and a forged signature is never remembered
    prune(now);
    if (seen.has(signature)) return 'replay';
    seen.set(signature, ts + REQUEST_WINDOW_SEC);
    return 'pass';
  };
}

function signedBy(secret: string, timestamp: string, signature: string, body: Buffer): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** Puts the check in front of the receiver's request handling. Call before the receiver starts. */
export function guardSlackRequests(receiver: HTTPReceiver, opts: RequestGuardOptions): void {
  const check = createRequestCheck(opts);
  const inner: RequestListener = receiver.requestListener;
  const guarded = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return void inner(req, res);
    let body: Buffer;
    try {
      // Buffered here, Bolt reuses it (it checks for an already-read body).
      body = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody;
    } catch (err) {
      opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'slack: could not read a request body');
      res.writeHead(HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413 ? 413 : 400);
      res.end();
      return;
    }
    const verdict = check(header(req, 'x-slack-request-timestamp'), header(req, 'x-slack-signature'), body);
    if (verdict === 'future') {
      opts.logger.warn({ timestamp: header(req, 'x-slack-request-timestamp') }, 'slack: refused a request dated more than 5 minutes in the future');
      res.writeHead(401);
      res.end();
      return;
    }
    if (verdict === 'replay') {
      opts.logger.warn('slack: ignored a signed request seen before (a replay)');
      res.writeHead(200);
      res.end();
      return;
    }
    inner(req, res);
  };
  receiver.requestListener = (req, res) => void guarded(req, res);
}

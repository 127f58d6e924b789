import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateSlackMessage } from './validate.js';

/**
 * A local Slack for tests, on 127.0.0.1: the Web API methods the bot calls (auth.test,
 * apps.connections.open, chat.postMessage, users.info, conversations.history), response URLs,
 * and a Socket Mode WebSocket that sends slash commands and records their acks. Every message
 * body it receives is checked with validateSlackMessage; bad ones are refused as Slack would.
 */

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  /** users.info answers, by user id. */
  users?: Record<string, { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean; name?: string }>;
  /** Listen on this port (to bring "Slack" back where it was after an outage); default: any free port. */
  port?: number;
  /** Slack's clock minus the real one, in ms, for message timestamps (negative: Slack is behind). */
  clockSkewMs?: number;
}

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  /** The token the call carried (Authorization header or body). */
  token?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface ResponseUrlPost {
  /** The response URL's id (one per slash command). */
  id: string;
  body: Record<string, unknown>;
}

export interface Ack {
  envelopeId: string;
  payload: unknown;
  /** Milliseconds from sending the envelope to receiving its ack. */
  afterMs: number;
}

export type PostFailure =
  | { error: string }
  | { status: 429; retryAfter: number }
  | { status: number }
  /** Slack stores the message, then answers with this HTTP status (a 5xx after the write). */
  | { fault: 'store-then-fail'; status: number }
  /** Slack never answers (the client times out); with `store`, the message is in the channel anyway. */
  | { fault: 'hang'; store?: boolean }
  /** The connection is reset once the request has arrived; with `store`, after storing the message. */
  | { fault: 'reset'; store?: boolean };

export interface SlashCommandInput {
  command: string;
  text?: string;
  channel_id?: string;
  user_id?: string;
  user_name?: string;
}

export interface SentCommand {
  envelopeId: string;
  responseUrlId: string;
  /** Resolves when the bot acks the envelope. */
  acked: Promise<Ack>;
}

export interface FakeSlack {
  /** Web API base URL, with the trailing slash Bolt wants ("http://127.0.0.1:1234/api/"). */
  apiUrl: string;
  url: string;
  botToken: string;
  appToken: string;
  calls: ApiCall[];
  messages: PostedMessage[];
  responses: ResponseUrlPost[];
  acks: Ack[];
  /** Bodies refused for breaking Block Kit limits or pinging, with the reasons. */
  invalid: { where: string; problems: string[] }[];
  /** Socket Mode connections made so far. */
  connections(): number;
  /** Socket Mode connections open now. */
  openSockets(): number;
  waitForConnection(timeoutMs?: number): Promise<void>;
  sendSlashCommand(input: SlashCommandInput): SentCommand;
  /** Asks every connected client to reconnect, as Slack does when it recycles a server. */
  sendDisconnect(reason?: string): void;
  /** Drops every Socket Mode connection without a word, as a network failure would. */
  dropConnections(): void;
  /** The form body Slack POSTs in HTTP mode for a slash command, with a response URL on this fake. */
  slashCommandForm(input: SlashCommandInput): { body: string; responseUrlId: string };
  /** Makes the next `n` chat.postMessage calls fail this way (after letting `after` calls through). */
  failNextPosts(n: number, failure: PostFailure, opts?: { after?: number }): void;
  /** chat.postMessage calls left unanswered by a 'hang' fault so far. */
  hanging(): number;
  /** Moves Slack's clock (message timestamps) relative to the real one. */
  setClockSkew(ms: number): void;
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  responsesFor(responseUrlId: string): Record<string, unknown>[];
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) {
    const v: unknown = raw ? JSON.parse(raw) : {};
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = opts.botToken ?? 'xoxb-fake-bot-token';
  const appToken = opts.appToken ?? 'xapp-fake-app-token';
  const users = opts.users ?? {};
  const calls: ApiCall[] = [];
  const messages: PostedMessage[] = [];
  const responses: ResponseUrlPost[] = [];
  const acks: Ack[] = [];
  const invalid: { where: string; problems: string[] }[] = [];
  // null: let this call through (so a failure can be aimed at the 2nd part of a post).
  const failures: (PostFailure | null)[] = [];
  const pendingAcks = new Map<string, { sentAt: number; resolve: (a: Ack) => void }>();
  const sockets = new Set<WebSocket>();
  const tcp = new Set<Socket>();
  let connectionCount = 0;
  let tsCounter = 0;
  let base = '';
  let skewMs = opts.clockSkewMs ?? 0;
  let hangingCalls = 0;

  const nextTs = () => `${Math.floor((Date.now() + skewMs) / 1000)}.${String(++tsCounter).padStart(6, '0')}`;

  function api(method: string, body: Record<string, unknown>, token: string | undefined, res: ServerResponse): void {
    calls.push({ method, body, token });
    if (method === 'apps.connections.open') {
      if (token !== appToken) return send(res, 200, { ok: false, error: 'invalid_auth' });
      return send(res, 200, { ok: true, url: `${base.replace(/^http/, 'ws')}/socket?ticket=${randomUUID()}` });
    }
    if (token !== botToken) return send(res, 200, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return send(res, 200, { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'newsbrief', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'users.info': {
        const user = users[String(body['user'])];
        if (!user) return send(res, 200, { ok: false, error: 'user_not_found' });
        return send(res, 200, { ok: true, user: { id: body['user'], name: user.name ?? 'someone', ...user } });
      }
      case 'chat.postMessage': {
        const failure = failures.shift();
        if (failure && !('fault' in failure)) {
          if ('error' in failure) return send(res, 200, { ok: false, error: failure.error });
          if (failure.status === 429 && 'retryAfter' in failure) {
            return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
          }
          return send(res, failure.status, { ok: false, error: 'fake_http_failure' });
        }
        const stores = !failure || failure.fault === 'store-then-fail' || failure.store === true;
        let stored: PostedMessage | undefined;
        if (stores) {
          const problems = validateSlackMessage(body);
          if (problems.length > 0) {
            invalid.push({ where: 'chat.postMessage', problems });
            return send(res, 200, { ok: false, error: 'invalid_blocks', errors: problems });
          }
          const channel = String(body['channel'] ?? '');
          if (!channel) return send(res, 200, { ok: false, error: 'channel_not_found' });
          stored = { channel, ts: nextTs(), text: String(body['text'] ?? '') };
          if (Array.isArray(body['blocks'])) stored.blocks = body['blocks'];
          const meta = body['metadata'];
          if (typeof meta === 'object' && meta !== null) stored.metadata = meta as PostedMessage['metadata'];
          messages.push(stored);
        }
        if (failure?.fault === 'store-then-fail') return send(res, failure.status, { ok: false, error: 'fake_http_failure' });
        if (failure?.fault === 'hang') {
          hangingCalls++;
          return;
        }
        if (failure?.fault === 'reset') {
          res.socket?.destroy();
          return;
        }
        return send(res, 200, { ok: true, channel: stored!.channel, ts: stored!.ts, message: { text: stored!.text } });
      }
      case 'conversations.history': {
        const channel = String(body['channel'] ?? '');
        const oldest = Number(body['oldest'] ?? 0);
        const withMeta = String(body['include_all_metadata']) === 'true';
        const found = messages
          .filter((m) => m.channel === channel && Number(m.ts) > oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) }));
        return send(res, 200, { ok: true, messages: found, has_more: false });
      }
      default:
        return send(res, 200, { ok: false, error: 'unknown_method' });
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', base);
      let body: Record<string, unknown>;
      try {
        body = parseBody(raw, req.headers['content-type']);
      } catch {
        return send(res, 400, { ok: false, error: 'invalid_json' });
      }
      if (url.pathname.startsWith('/api/')) {
        const auth = req.headers.authorization?.replace(/^Bearer /, '');
        const token = auth ?? (typeof body['token'] === 'string' ? body['token'] : undefined);
        return api(url.pathname.slice('/api/'.length), body, token, res);
      }
      if (url.pathname.startsWith('/response/')) {
        const id = url.pathname.slice('/response/'.length);
        const problems = validateSlackMessage(body);
        if (problems.length > 0) {
          invalid.push({ where: `response/${id}`, problems });
          return send(res, 400, { ok: false, error: 'invalid_blocks' });
        }
        responses.push({ id, body });
        return send(res, 200, { ok: true });
      }
      send(res, 404, { ok: false, error: 'not_found' });
    })().catch(() => send(res, 500, { ok: false, error: 'fake_crashed' }));
  });
  server.on('connection', (s) => {
    tcp.add(s);
    s.on('close', () => tcp.delete(s));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      connectionCount++;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let msg: { envelope_id?: unknown; payload?: unknown };
        try {
          msg = JSON.parse(String(data)) as typeof msg;
        } catch {
          return;
        }
        const id = typeof msg.envelope_id === 'string' ? msg.envelope_id : undefined;
        const pending = id ? pendingAcks.get(id) : undefined;
        if (!id || !pending) return;
        pendingAcks.delete(id);
        const ack: Ack = { envelopeId: id, payload: msg.payload, afterMs: Date.now() - pending.sentAt };
        acks.push(ack);
        pending.resolve(ack);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A0FAKE' } }));
    });
  });
  // Slack pings every few seconds; the client gives up on a silent server after 30 s.
  const pinger = setInterval(() => sockets.forEach((ws) => ws.ping()), 5000);
  pinger.unref();

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let commandCounter = 0;
  function commandPayload(input: SlashCommandInput): { payload: Record<string, string>; responseUrlId: string } {
    const responseUrlId = `cmd${++commandCounter}`;
    const payload = {
      token: 'verification-token-unused',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: input.channel_id ?? 'C0GENERAL',
      channel_name: 'general',
      user_id: input.user_id ?? 'U0ASKER',
      user_name: input.user_name ?? 'asker',
      command: input.command,
      text: input.text ?? '',
      api_app_id: 'A0FAKE',
      is_enterprise_install: 'false',
      response_url: `${base}/response/${responseUrlId}`,
      trigger_id: `trigger.${commandCounter}`,
    };
    return { payload, responseUrlId };
  }

  async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`fake slack: condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  return {
    apiUrl: `${base}/api/`,
    url: base,
    botToken,
    appToken,
    calls,
    messages,
    responses,
    acks,
    invalid,
    connections: () => connectionCount,
    openSockets: () => sockets.size,
    async waitForConnection(timeoutMs = 10_000) {
      await waitFor(() => sockets.size > 0, timeoutMs);
    },
    sendSlashCommand(input) {
      const ws = [...sockets].at(-1);
      if (!ws) throw new Error('fake slack: no Socket Mode connection');
      const { payload, responseUrlId } = commandPayload(input);
      const envelopeId = randomUUID();
      const acked = new Promise<Ack>((resolve) => pendingAcks.set(envelopeId, { sentAt: Date.now(), resolve }));
      ws.send(JSON.stringify({ envelope_id: envelopeId, payload, type: 'slash_commands', accepts_response_payload: true }));
      return { envelopeId, responseUrlId, acked };
    },
    sendDisconnect(reason = 'refresh_requested') {
      for (const ws of sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    },
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    slashCommandForm(input) {
      const { payload, responseUrlId } = commandPayload(input);
      return { body: new URLSearchParams(payload).toString(), responseUrlId };
    },
    hanging: () => hangingCalls,
    setClockSkew(ms) {
      skewMs = ms;
    },
    failNextPosts(n, failure, o = {}) {
      for (let i = 0; i < (o.after ?? 0); i++) failures.push(null);
      for (let i = 0; i < n; i++) failures.push(failure);
    },
    waitFor,
    responsesFor: (id) => responses.filter((r) => r.id === id).map((r) => r.body),
    async close() {
      clearInterval(pinger);
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of tcp) s.destroy();
      });
    },
  };
}

export { signSlackRequest } from './sign.js';

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { FakeGateway } from './gateway.js';
import { discordSpec } from './spec.js';
import { autocompletePayload, commandPayload, type AutocompleteInput, type CommandInput } from './interactions.js';

/**
 * A local Discord for tests: REST under /api/v10 and a JSON gateway, on 127.0.0.1 and a free port.
 * Every JSON body a client sends is checked against Discord's OpenAPI spec; a body the spec
 * rejects gets Discord's 400 (50035 Invalid Form Body) and is listed in specViolations().
 */

export interface RecordedRequest {
  method: string;
  /** Without the /api/v10 prefix: "/channels/123/messages". */
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body: unknown;
  /** What the spec (and the limits it cannot express) found wrong with the body; empty when fine. */
  specErrors: string[];
  status: number;
}

export type ChannelPostFault =
  | { kind: 'rate_limit'; retryAfterSeconds: number; global?: boolean }
  | { kind: 'error'; status: number; code?: number; message?: string }
  /** Discord stores the message, then answers with this status (a 5xx after the write). */
  | { kind: 'store-then-fail'; status: number }
  /** Discord never answers (the client times out); with `store`, the message is in the channel anyway. */
  | { kind: 'hang'; store?: boolean }
  /** The connection is reset once the request has arrived; with `store`, after storing the message. */
  | { kind: 'reset'; store?: boolean };

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  nonce?: string | number;
  flags: number;
  timestamp: string;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botUserId?: string;
  /**
   * How long Discord remembers a nonce for enforce_nonce (default 5 minutes: Discord says "a few
   * minutes"); a message with an older nonce is created again.
   */
  nonceWindowMs?: number;
}

export interface FakeDiscord {
  /** What DISCORD_API_URL should be: discord.js appends /v10/… to it. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly requests: RecordedRequest[];
  /** Bodies the spec rejected, as "METHOD path: error". Tests assert this is empty. */
  specViolations(): string[];
  /** The next `n` POSTs to /channels/{id}/messages answer with the fault instead. */
  failNextChannelPosts(n: number, fault: ChannelPostFault): void;
  /** Drops faults not yet used. */
  clearFaults(): void;
  /** Moves Discord's clock (snowflakes, timestamps, the nonce window) relative to the real one. */
  setClockSkew(ms: number): void;
  /** Channel POSTs left unanswered by a 'hang' fault so far. */
  hanging(): number;
  /** Messages created in a channel (via channel POSTs), oldest first. */
  channelMessages(channelId: string): StoredMessage[];
  /** Reading this channel's history returns no messages, as for a bot without Read Message History. */
  hideHistory(channelId: string): void;
  /** Stores a message as if someone else had posted it (for history reads). */
  addChannelMessage(channelId: string, content: string): StoredMessage;
  /** Registered commands, by scope ("global" or the guild id), as stored. */
  registeredCommands(scope: string): unknown[];
  setRegisteredCommands(scope: string, commands: unknown[]): void;
  /** Sends INTERACTION_CREATE for a chat-input command; returns the interaction's id and token. */
  sendCommand(input: CommandInput): { id: string; token: string };
  sendAutocomplete(input: AutocompleteInput): { id: string; token: string };
  /** Any gateway dispatch (op 0) to every connected client, e.g. a hand-built INTERACTION_CREATE. */
  dispatchEvent(t: string, d: unknown): void;
  /** REST requests that answered this interaction (callback, @original edits, follow-ups, deletes). */
  interactionRequests(token: string): RecordedRequest[];
  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  waitForReady(): Promise<void>;
  readonly gatewayIdentifies: { token: string; intents: number }[];
  /** Open gateway connections now. */
  readonly gatewayConnections: number;
  close(): Promise<void>;
}

const SPECLESS = new Set(['GET', 'DELETE']);

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  if (buf.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(buf, { headers: { 'content-type': type } }).formData();
    const payload = form.get('payload_json');
    return typeof payload === 'string' ? (JSON.parse(payload) as unknown) : {};
  }
  return JSON.parse(buf.toString('utf8')) as unknown;
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = opts.token ?? 'fake-bot-token';
  const applicationId = opts.applicationId ?? '900000000000000001';
  const botUserId = opts.botUserId ?? '900000000000000002';
  const spec = discordSpec();
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  const faults: ChannelPostFault[] = [];
  const channels = new Map<string, StoredMessage[]>();
  const commands = new Map<string, unknown[]>();
  const originals = new Map<string, StoredMessage>();
  const historyHidden = new Set<string>();
  const nonceWindowMs = opts.nonceWindowMs ?? 5 * 60_000;
  let skewMs = 0;
  let hangingPosts = 0;
  const now = () => Date.now() + skewMs;
  // Real snowflakes carry their creation time (ms since 2015) in the top bits; `after` queries rely on it.
  let lastId = 0n;
  const snowflake = () => {
    const id = (BigInt(now() - 1_420_070_400_000) << 22n);
    lastId = id > lastId ? id : lastId + 1n;
    return String(lastId);
  };

  const message = (channelId: string, body: Record<string, unknown>, extra: Partial<StoredMessage> = {}): StoredMessage & Record<string, unknown> => ({
    id: snowflake(),
    channel_id: channelId,
    content: typeof body.content === 'string' ? body.content : '',
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    flags: typeof body.flags === 'number' ? body.flags : 0,
    timestamp: new Date(now()).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    components: [],
    pinned: false,
    type: 0,
    author: { id: botUserId, username: 'newsbrief', discriminator: '0000', global_name: null, avatar: null, bot: true },
    ...(typeof body.nonce === 'string' || typeof body.nonce === 'number' ? { nonce: body.nonce } : {}),
    ...extra,
  });

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      json(res, 500, { message: `fake discord: ${err instanceof Error ? err.message : String(err)}`, code: 0 });
    });
  });
  const gateway = new FakeGateway(server, { userId: botUserId, applicationId, username: 'newsbrief' }, () => gatewayUrl);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = (req.method ?? 'GET').toUpperCase();
    if (!url.pathname.startsWith('/api/v10/')) {
      json(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    // discord.js sends "@original" percent-encoded; Discord decodes it, so the fake does too.
    const path = decodeURIComponent(url.pathname.slice('/api/v10'.length));
    let body: unknown;
    try {
      body = await readBody(req);
    } catch {
      json(res, 400, { message: 'The request body contains invalid JSON.', code: 50109 });
      return;
    }
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body,
      specErrors: SPECLESS.has(method) ? [] : spec.validate(method, path, body),
      status: 0,
    };
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      requests.push(record);
      events.emit('request', record);
      json(res, status, payload, headers);
    };
    if (record.specErrors.length > 0) {
      reply(400, { message: 'Invalid Form Body', code: 50035, errors: record.specErrors });
      return;
    }
    const seg = path.split('/').slice(1);
    const bodyObj = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;

    // Interaction responses authenticate by their token in the URL, not the bot token.
    if (seg[0] === 'interactions' && seg[3] === 'callback' && method === 'POST') {
      reply(204, null);
      return;
    }
    if (seg[0] === 'webhooks' && seg.length >= 3) {
      const itoken = seg[2]!;
      if (method === 'POST' && seg.length === 3) {
        reply(200, message('fake-interaction-channel', bodyObj, { webhook_id: seg[1] } as Partial<StoredMessage>));
        return;
      }
      if (seg[3] === 'messages' && seg[4] === '@original') {
        if (method === 'DELETE') {
          originals.delete(itoken);
          reply(204, null);
          return;
        }
        const msg = message('fake-interaction-channel', { ...(originals.get(itoken) ?? {}), ...bodyObj }, { webhook_id: seg[1] } as Partial<StoredMessage>);
        if (method === 'PATCH') originals.set(itoken, msg);
        reply(200, msg);
        return;
      }
    }

    if (req.headers.authorization !== `Bot ${token}`) {
      reply(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      reply(200, { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
      return;
    }
    if (method === 'GET' && path === '/users/@me') {
      reply(200, { id: botUserId, username: 'newsbrief', discriminator: '0000', global_name: null, avatar: null, bot: true, flags: 0 });
      return;
    }
    if (method === 'GET' && path === '/applications/@me') {
      reply(200, { id: applicationId, name: 'newsbrief', description: '', flags: 0, bot_public: true, bot_require_code_grant: false, verify_key: 'x' });
      return;
    }
    if (seg[0] === 'channels' && seg[2] === 'messages' && seg.length === 3) {
      const channelId = seg[1]!;
      const stored = channels.get(channelId) ?? [];
      if (method === 'GET') {
        const limit = Math.min(100, Number(record.query.limit ?? 50) || 50);
        // As Discord: with `after`, the oldest `limit` messages after it; without, the newest. Newest first either way.
        const after = record.query.after ? BigInt(record.query.after) : undefined;
        const page = after === undefined ? stored.slice(-limit) : stored.filter((m) => BigInt(m.id) > after).slice(0, limit);
        reply(200, (historyHidden.has(channelId) ? [] : page).reverse());
        return;
      }
      if (method === 'POST') {
        const fault = faults.shift();
        if (fault?.kind === 'rate_limit') {
          const headers: Record<string, string> = { 'retry-after': String(fault.retryAfterSeconds), 'x-ratelimit-scope': fault.global ? 'global' : 'user' };
          if (fault.global) headers['x-ratelimit-global'] = 'true';
          reply(429, { message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global: fault.global ?? false }, headers);
          return;
        }
        if (fault?.kind === 'error') {
          reply(fault.status, { message: fault.message ?? `${fault.status}: fake failure`, code: fault.code ?? 0 });
          return;
        }
        const stores = !fault || fault.kind === 'store-then-fail' || fault.store === true;
        let created: StoredMessage | undefined;
        const nonce = bodyObj.nonce;
        if (stores) {
          if (bodyObj.enforce_nonce === true && nonce !== undefined) {
            // Within the window the same nonce gives back the first message instead of a second.
            created = stored.find((m) => m.nonce === nonce && now() - Date.parse(m.timestamp) < nonceWindowMs);
          }
          if (!created) {
            created = message(channelId, bodyObj);
            stored.push(created);
            channels.set(channelId, stored);
          }
        }
        if (fault?.kind === 'store-then-fail') {
          reply(fault.status, { message: `${fault.status}: fake failure after storing`, code: 0 });
          return;
        }
        if (fault?.kind === 'hang' || fault?.kind === 'reset') {
          record.status = 0;
          requests.push(record);
          events.emit('request', record);
          if (fault.kind === 'hang') hangingPosts++;
          else req.socket.destroy();
          return;
        }
        reply(200, created);
        return;
      }
    }
    const commandsScope = seg[0] === 'applications' && seg[2] === 'commands' && seg.length === 3 ? 'global'
      : seg[0] === 'applications' && seg[2] === 'guilds' && seg[4] === 'commands' && seg.length === 5 ? seg[3]! : undefined;
    if (commandsScope) {
      if (seg[1] !== applicationId) {
        reply(403, { message: 'Missing Access', code: 50001 });
        return;
      }
      if (method === 'GET') {
        reply(200, commands.get(commandsScope) ?? []);
        return;
      }
      if (method === 'PUT' && Array.isArray(body)) {
        const before = commands.get(commandsScope) ?? [];
        const stored = body.map((c: Record<string, unknown>) => {
          const prev = before.find((p) => (p as { name?: unknown }).name === c.name) as { id?: string } | undefined;
          const perms = c.default_member_permissions;
          return {
            ...c,
            id: prev?.id ?? snowflake(),
            application_id: applicationId,
            ...(commandsScope !== 'global' ? { guild_id: commandsScope } : {}),
            version: snowflake(),
            default_member_permissions: perms === undefined || perms === null ? null : String(perms),
          };
        });
        commands.set(commandsScope, stored);
        reply(200, stored);
        return;
      }
    }
    reply(404, { message: '404: Not Found', code: 0 });
  }

  const sendInteraction = (payload: { id: string; token: string }) => {
    gateway.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token };
  };

  return {
    apiUrl,
    gatewayUrl,
    token,
    applicationId,
    requests,
    get gatewayIdentifies() {
      return gateway.identifies;
    },
    get gatewayConnections() {
      return gateway.connections;
    },
    specViolations: () => requests.flatMap((r) => r.specErrors.map((e) => `${r.method} ${r.path}: ${e}`)),
    failNextChannelPosts(n, fault) {
      for (let i = 0; i < n; i++) faults.push(fault);
    },
    hideHistory: (channelId) => {
      historyHidden.add(channelId);
    },
    addChannelMessage(channelId, content) {
      const msg = message(channelId, { content });
      channels.set(channelId, [...(channels.get(channelId) ?? []), msg]);
      return msg;
    },
    clearFaults: () => {
      faults.length = 0;
    },
    setClockSkew: (ms) => {
      skewMs = ms;
    },
    hanging: () => hangingPosts,
    channelMessages: (channelId) => [...(channels.get(channelId) ?? [])],
    registeredCommands: (scope) => [...(commands.get(scope) ?? [])],
    setRegisteredCommands: (scope, list) => {
      commands.set(scope, list);
    },
    sendCommand: (input) => sendInteraction(commandPayload(input, { applicationId, id: snowflake(), token: `itoken-${snowflake()}` })),
    sendAutocomplete: (input) => sendInteraction(autocompletePayload(input, { applicationId, id: snowflake(), token: `itoken-${snowflake()}` })),
    dispatchEvent: (t, d) => {
      gateway.dispatch(t, d);
    },
    interactionRequests: (itoken) => requests.filter((r) => r.path.split('/').includes(itoken)),
    waitForRequest(match, timeoutMs = 10_000) {
      const found = requests.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('request', on);
          reject(new Error('fake discord: no matching request arrived'));
        }, timeoutMs);
        const on = (r: RecordedRequest) => {
          if (!match(r)) return;
          clearTimeout(timer);
          events.off('request', on);
          resolve(r);
        };
        events.on('request', on);
      });
    },
    waitForReady: () => gateway.waitForReady(),
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

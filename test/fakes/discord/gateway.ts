import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The JSON gateway: HELLO, IDENTIFY → READY, heartbeat ACKs, and dispatches the tests push
 * (INTERACTION_CREATE). No compression (discord.js uses none without zlib-sync).
 */

export interface GatewayIdentity {
  token: string;
  intents: number;
}

export interface FakeBotInfo {
  userId: string;
  applicationId: string;
  username: string;
}

export class FakeGateway {
  readonly wss: WebSocketServer;
  readonly identifies: GatewayIdentity[] = [];
  private readonly sockets = new Set<WebSocket>();
  private seq = 0;
  private readyWaiters: (() => void)[] = [];
  private readySockets = 0;

  constructor(
    server: Server,
    private readonly bot: FakeBotInfo,
    private readonly resumeUrl: () => string,
  ) {
    this.wss = new WebSocketServer({ server, path: '/gateway' });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  private send(ws: WebSocket, payload: object): void {
    ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    this.send(ws, { op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    ws.on('message', (raw) => {
      let msg: { op?: number; d?: unknown };
      try {
        msg = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      switch (msg.op) {
        case 1:
          this.send(ws, { op: 11, d: null, s: null, t: null });
          break;
        case 2: {
          const d = (msg.d ?? {}) as { token?: string; intents?: number };
          this.identifies.push({ token: d.token ?? '', intents: d.intents ?? 0 });
          this.dispatchTo(ws, 'READY', {
            v: 10,
            user: { id: this.bot.userId, username: this.bot.username, discriminator: '0000', global_name: null, avatar: null, bot: true, flags: 0 },
            guilds: [],
            session_id: 'fake-session',
            resume_gateway_url: this.resumeUrl(),
            shard: [0, 1],
            application: { id: this.bot.applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
          });
          this.readySockets++;
          for (const w of this.readyWaiters.splice(0)) w();
          break;
        }
        case 6:
          // Sessions are not kept: a resume is refused and the client identifies again.
          this.send(ws, { op: 9, d: false, s: null, t: null });
          break;
        default:
          break;
      }
    });
  }

  private dispatchTo(ws: WebSocket, t: string, d: unknown): void {
    this.send(ws, { op: 0, t, s: ++this.seq, d });
  }

  /** Sends a dispatch event to every identified connection. */
  dispatch(t: string, d: unknown): number {
    let n = 0;
    for (const ws of this.sockets) {
      if (ws.readyState === ws.OPEN) {
        this.dispatchTo(ws, t, d);
        n++;
      }
    }
    return n;
  }

  /** Resolves once a client has identified and been sent READY. */
  async waitForReady(): Promise<void> {
    if (this.readySockets > 0) return;
    await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
  }

  get connections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

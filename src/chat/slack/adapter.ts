import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Adapter, AdapterState, PostOptions } from '../adapter.js';
import type { ChannelRef } from '../../channels.js';
import type { Dispatch, PostResult, Reply } from '../reply.js';
import type { ReplyVisibility } from '../present.js';
import type { SlackConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import { boltLogger, redactTokens } from './bolt-logger.js';
import { answerCommand, slackAdminCheck, toCommandRequest, type Respond } from './commands.js';
import { SlackPoster } from './post.js';
import { renderReply } from './render.js';
import { splitReply } from '../split-digest.js';
import { superviseReconnects, type ReconnectSupervisor } from './reconnect.js';
import { guardSlackRequests } from './request-guard.js';

/**
 * Slack through Bolt: slash commands in (Socket Mode by default, signed HTTP requests with
 * mode 'http'), replies out at each command's response_url, digests out with chat.postMessage.
 */

export interface SlackAdapterDeps {
  logger: Logger;
  replyVisibility: ReplyVisibility;
  /** Socket Mode's wait for a pong, which is also its delay before reconnecting (default 5000 ms). */
  socketPingTimeoutMs?: number;
  /** How long a Web API call may take before it is given up as unanswered (default 15 s). */
  requestTimeoutMs?: number;
}

export interface SlackAdapter extends Adapter {
  readonly platform: 'slack';
  findPosted(channel: ChannelRef, idempotencyKey: string, since: Date): Promise<boolean | 'unknown'>;
  state(): AdapterState;
  /** HTTP mode: the port actually listened on (useful with port 0). */
  httpPort(): number | undefined;
}

/** Bolt wants the Web API base URL with its trailing slash; config strips it. */
export function slackApiUrl(apiUrl: string | undefined): string | undefined {
  if (!apiUrl) return undefined;
  return apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
}

export function createSlackAdapter(cfg: SlackConfig, deps: SlackAdapterDeps): SlackAdapter {
  const { logger } = deps;
  const slackLogger = boltLogger(logger);
  const apiUrl = slackApiUrl(cfg.apiUrl);
  // One object shared by App, its WebClient and Socket Mode's client (apps.connections.open), so
  // SLACK_API_URL reaches all of them. A modest retry policy: Socket Mode reconnects on its own.
  const clientOptions: webApi.WebClientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 },
    timeout: 15_000,
  };
  // Posting is not retried blindly (a post after a 5xx may already be in the channel); 429s are
  // retried by SlackPoster, which knows Slack did not take the message.
  const postClient = new webApi.WebClient(cfg.botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    logger: slackLogger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: deps.requestTimeoutMs ?? 15_000,
  });
  const poster = new SlackPoster(postClient, logger);

  let app: App | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  let supervisor: ReconnectSupervisor | undefined;
  let server: Server | undefined;
  let current: AdapterState = 'down';

  function build(dispatch: Dispatch): App {
    let receiver: SocketModeReceiver | HTTPReceiver;
    if (cfg.mode === 'http') {
      if (!cfg.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
      const http = new HTTPReceiver({ signingSecret: cfg.signingSecret, port: cfg.port, logger: slackLogger });
      guardSlackRequests(http, { signingSecret: cfg.signingSecret, logger });
      receiver = http;
    } else {
      if (!cfg.appToken) throw new Error('Slack Socket Mode needs SLACK_APP_TOKEN');
      socketReceiver = new SocketModeReceiver({
        appToken: cfg.appToken,
        logger: slackLogger,
        installerOptions: { clientOptions },
        ...(deps.socketPingTimeoutMs ? { clientPingTimeout: deps.socketPingTimeoutMs } : {}),
      });
      const client = socketReceiver.client;
      supervisor = superviseReconnects(client, logger, {
        ...(deps.socketPingTimeoutMs ? { baseDelayMs: deps.socketPingTimeoutMs } : {}),
        onRetry: () => (current = 'connecting'),
      });
      client.on('connecting', () => (current = 'connecting'));
      client.on('reconnecting', () => (current = 'connecting'));
      client.on('connected', () => (current = 'up'));
      client.on('disconnected', () => (current = 'down'));
      receiver = socketReceiver;
    }
    const bolt = new App({ token: cfg.botToken, receiver, logger: slackLogger, clientOptions, deferInitialization: true });

    bolt.command(/^\/.+/, async ({ command, ack, respond, client }) => {
      // Slack gives up on a command that is not acknowledged within 3 s; the answer comes after.
      await ack();
      const req = toCommandRequest(command, slackAdminCheck(client, command.user_id, logger));
      await answerCommand(req, { dispatch, respond: respond as Respond, logger, visibility: deps.replyVisibility });
    });
    bolt.error(async (err) => {
      logger.error({ err: redactTokens(err.message), code: 'code' in err ? err.code : undefined }, 'slack listener error');
    });
    return bolt;
  }

  return {
    platform: 'slack',

    async start(dispatch: Dispatch): Promise<void> {
      if (app) throw new Error('Slack adapter already started');
      current = 'connecting';
      const bolt = build(dispatch);
      // Set before connecting, so a stop() during start-up still closes what is being opened.
      app = bolt;
      try {
        // auth.test: a bad bot token fails here, with Slack's error code, not on the first command.
        await bolt.init();
        const started: unknown = await bolt.start();
        if (cfg.mode === 'http') {
          server = started as Server;
          current = 'up';
          logger.info({ port: this.httpPort() }, 'slack listening for HTTP requests');
        } else {
          logger.info('slack connected over Socket Mode');
        }
        if (app !== bolt) throw new Error('stopped while starting');
        supervisor?.running();
      } catch (err) {
        if (app === bolt) app = undefined;
        current = 'down';
        supervisor?.stop();
        await socketReceiver?.client.disconnect().catch(() => undefined);
        // Bolt refuses to stop a receiver that never started; either way nothing is left listening.
        if (cfg.mode === 'http') await bolt.stop().catch(() => undefined);
        server = undefined;
        const failure = redactTokens(err instanceof Error ? err.message : String(err));
        throw new Error(`Slack failed to start: ${failure}`);
      }
    },

    post(channel: ChannelRef, reply: Reply, opts?: PostOptions): Promise<PostResult> {
      // A digest's marker identifies its post too, when the caller gives no explicit key.
      const key = opts?.idempotencyKey ?? (reply.kind === 'digest' ? reply.marker : undefined);
      return poster.post(channel, reply, key);
    },

    // A digest as the messages Slack shows it in, each posted and recorded on its own.
    split: (reply: Reply) => splitReply(reply, (digest) => renderReply({ kind: 'digest', digest }).length === 1),

    findPosted(channel: ChannelRef, key: string, since: Date): Promise<boolean | 'unknown'> {
      return poster.findPosted(channel, key, since);
    },

    state: () => current,

    httpPort(): number | undefined {
      const addr = server?.address();
      return addr && typeof addr === 'object' ? addr.port : undefined;
    },

    async stop(): Promise<void> {
      const bolt = app;
      app = undefined;
      current = 'down';
      supervisor?.stop();
      if (!bolt) return;
      try {
        if (socketReceiver) await socketReceiver.client.disconnect();
        else {
          const closing = bolt.stop();
          server?.closeAllConnections();
          await closing;
        }
      } catch (err) {
        logger.warn({ err: redactTokens(String(err)) }, 'slack stop failed');
      }
      server = undefined;
      socketReceiver = undefined;
      supervisor = undefined;
    },
  };
}

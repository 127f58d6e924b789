import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log.js';

/**
 * Bolt, the Web API client and Socket Mode log through this: the app's pino logger decides the
 * level, and anything shaped like a Slack token is blanked, since those libraries log request
 * details at debug level and errors may quote them.
 */

const TOKEN = /\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g;

// Slash command payloads carry Slack's (legacy) verification token, and Bolt logs payloads at debug.
const TOKEN_FIELD = /("token"\s*:\s*")[^"]*(")|(\btoken=)[^&\s]*/g;

export function redactTokens(text: string): string {
  return text
    .replace(TOKEN, '$1-[redacted]')
    .replace(TOKEN_FIELD, (_m, jsonKey: string | undefined, quote: string | undefined, formKey: string | undefined) =>
      jsonKey ? `${jsonKey}[redacted]${quote ?? ''}` : `${formKey ?? ''}[redacted]`,
    );
}

function format(parts: unknown[]): string {
  return redactTokens(
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if (p instanceof Error) return p.message;
        try {
          return JSON.stringify(p);
        } catch {
          return String(p);
        }
      })
      .join(' '),
  );
}

function levelOf(logger: Logger): LogLevel {
  switch (logger.level) {
    case 'trace':
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ lib: 'slack' });
  return {
    debug: (...msg: unknown[]) => log.debug(format(msg)),
    info: (...msg: unknown[]) => log.info(format(msg)),
    warn: (...msg: unknown[]) => log.warn(format(msg)),
    error: (...msg: unknown[]) => log.error(format(msg)),
    // The app's LOG_LEVEL rules; Bolt and Socket Mode ask to set their own, which is ignored.
    setLevel: () => undefined,
    getLevel: () => levelOf(logger),
    // Bolt shares one logger between its parts and renames it as it goes; one label is clearer.
    setName: () => undefined,
  };
}

import pino from 'pino';

export type Logger = pino.Logger;

/** Paths whose values never reach a log line (tokens, secrets), wherever they appear. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

export function createLogger(level: string, opts: { pretty?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const pretty = opts.pretty ?? (process.stderr.isTTY === true && !opts.destination);
  const base: pino.LoggerOptions = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(base, opts.destination ?? pino.destination(2));
}

/** For tests and scripts that want no output. */
export const silentLogger: Logger = pino({ level: 'silent' });

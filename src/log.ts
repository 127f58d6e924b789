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
  'headers.Authorization',
  '*.headers.Authorization',
];

export const REDACTED = '[redacted]';

/**
 * Replaces the literal secret values in any text, however they got there (an error message, a
 * URL, a stack). Key paths alone miss a token quoted inside `err.message`.
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  // Very short values would blank out ordinary words; no real token or secret is that short.
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    forms.add(secret);
    // As it appears inside a JSON string (the log line is JSON).
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  const list = [...forms].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of list) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}

export interface LoggerOptions {
  /** Pretty, coloured lines; default: when stderr is a terminal and no destination is given. */
  pretty?: boolean;
  destination?: pino.DestinationStream;
  /** Literal values (tokens, signing secrets) scrubbed from every line. */
  secrets?: readonly string[];
}

export function createLogger(level: string, opts: LoggerOptions = {}): Logger {
  const pretty = opts.pretty ?? (process.stderr.isTTY === true && !opts.destination);
  const scrub = secretScrubber(opts.secrets ?? []);
  const base: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // The last step before a line is written (to a destination or a transport): child loggers,
    // errors and messages all pass here.
    hooks: { streamWrite: scrub },
  };
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(base, opts.destination ?? pino.destination({ fd: 2, sync: true }));
}

/** For tests and scripts that want no output. */
export const silentLogger: Logger = pino({ level: 'silent' });

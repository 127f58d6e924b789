import pino from 'pino';
import type { Logger } from '../../src/log.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A logger whose lines a test can read back. */
export function captureLogger(level = 'debug'): { logger: Logger; lines: LogLine[]; warnings(): LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { logger, lines, warnings: () => lines.filter((l) => l.level === 40) };
}

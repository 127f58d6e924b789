import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isClosedPipe, receiveSignals, REPEAT_WINDOW_MS } from '../../src/signals.js';
import { createShutdown } from '../../src/shutdown.js';
import { captureLogger } from '../news/log-capture.js';

function harness() {
  const proc = new EventEmitter();
  let clock = 1_000_000;
  const stops: string[] = [];
  const cap = captureLogger();
  receiveSignals(proc as unknown as NodeJS.Process, { logger: cap.logger, stop: (s) => stops.push(s), now: () => clock });
  return { proc, stops, cap, advance: (ms: number) => (clock += ms) };
}

describe('receiving signals', () => {
  it('treats SIGINT from the terminal and from npm, a moment apart, as one Ctrl-C', () => {
    const h = harness();
    h.proc.emit('SIGINT');
    h.advance(5);
    h.proc.emit('SIGINT');
    h.advance(20);
    h.proc.emit('SIGINT');
    expect(h.stops).toEqual(['SIGINT']);
  });

  it('passes on a deliberate second Ctrl-C after the moment, so it can exit at once', () => {
    const h = harness();
    h.proc.emit('SIGINT');
    h.advance(REPEAT_WINDOW_MS + 1);
    h.proc.emit('SIGINT');
    expect(h.stops).toEqual(['SIGINT', 'SIGINT']);
  });

  it('logs SIGHUP and keeps running', () => {
    const h = harness();
    h.proc.emit('SIGHUP');
    expect(h.stops).toEqual([]);
    expect(h.cap.warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/^SIGHUP received/)]);
  });

  it('tells a closed pipe from other stream errors', () => {
    expect(isClosedPipe(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isClosedPipe(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(false);
    expect(isClosedPipe('EPIPE')).toBe(false);
  });
});

describe('signals and the shutdown sequence together', () => {
  it('lets a stop that takes a while finish when npm\'s copy of the SIGINT arrives mid-way', async () => {
    const proc = new EventEmitter();
    const exits: number[] = [];
    let finish!: () => void;
    const stopped = new Promise<void>((r) => (finish = r));
    const cap = captureLogger();
    const shutdown = createShutdown({ logger: cap.logger, graceMs: 10_000, stop: () => stopped, exit: (c) => exits.push(c) });
    receiveSignals(proc as unknown as NodeJS.Process, { logger: cap.logger, stop: (s) => void shutdown.begin(s, { signal: true }) });
    proc.emit('SIGINT');
    await new Promise((r) => setTimeout(r, 20));
    proc.emit('SIGINT'); // npm passing the terminal's Ctrl-C on
    await new Promise((r) => setTimeout(r, 20));
    expect(exits).toEqual([]);
    finish();
    await new Promise((r) => setTimeout(r, 20));
    expect(exits).toEqual([0]);
    expect(cap.lines.some((l) => /second signal/.test(l.msg))).toBe(false);
  });
});

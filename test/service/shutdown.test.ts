import { describe, it, expect, vi, afterEach } from 'vitest';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createShutdown, gateCommands } from '../../src/shutdown.js';
import type { CommandRequest, Reply } from '../../src/chat/reply.js';
import { createLogger } from '../../src/log.js';

function setup(stop: (budget: { deadline: number }) => Promise<void>, graceMs = 10_000) {
  const lines: string[] = [];
  const logger = createLogger('info', {
    pretty: false,
    destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }),
  });
  const exits: number[] = [];
  const force = vi.fn();
  const shutdown = createShutdown({ logger, graceMs, stop, force, exit: (code) => exits.push(code) });
  const proc = new EventEmitter();
  shutdown.install(proc as unknown as NodeJS.Process);
  return { shutdown, proc, exits, force, log: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('shutdown', () => {
  it('on SIGTERM logs "shutting down", waits for the work in flight, then exits 0', async () => {
    let finish!: () => void;
    const stop = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const { shutdown, proc, exits, log } = setup(stop);
    proc.emit('SIGTERM');
    expect(shutdown.stopping()).toBe(true);
    expect(stop).toHaveBeenCalledOnce();
    await Promise.resolve();
    expect(exits).toEqual([]);
    finish();
    await vi.waitFor(() => expect(exits).toEqual([0]));
    expect(log()).toEqual(['shutting down', 'stopped']);
  });

  it('exits at once, non-zero, on a second signal while still stopping', async () => {
    const { proc, exits, log } = setup(() => new Promise<void>(() => {}));
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(log()).toContain('second signal: exiting now without waiting');
  });

  it('stops once only, however many times it is asked without a signal', async () => {
    const stop = vi.fn(async () => {});
    const { shutdown, exits } = setup(stop);
    await Promise.all([shutdown.begin('end of input'), shutdown.begin('end of input')]);
    expect(stop).toHaveBeenCalledOnce();
    expect(exits).toEqual([0]);
  });

  it('gives stop() the whole grace as one deadline', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const stop = vi.fn(async () => {});
    const { shutdown } = setup(stop, 10_000);
    await shutdown.begin('SIGTERM', { signal: true });
    expect(stop).toHaveBeenCalledWith({ deadline: 1_010_000 });
  });

  it('forces the close and exits 1 when the work hangs past the grace', async () => {
    vi.useFakeTimers();
    const { shutdown, exits, force, log } = setup(() => new Promise<void>(() => {}), 10_000);
    const done = shutdown.begin('SIGTERM', { signal: true });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    await done;
    expect(force).toHaveBeenCalledOnce();
    expect(exits).toEqual([1]);
    expect(log()).toContain('work still in flight after the shutdown grace: closing anyway');
  });

  it('exits 1 and logs the error when stopping fails', async () => {
    const { shutdown, exits, log } = setup(async () => {
      throw new Error('db busy');
    });
    await shutdown.begin('SIGTERM', { signal: true });
    expect(exits).toEqual([1]);
    expect(log()).toContain('error while shutting down');
  });
});

describe('gateCommands', () => {
  const req: CommandRequest = { name: 'brief', text: 'china', options: {}, user: { id: 'u', isAdmin: async () => false }, channel: 'console:stdin' };

  it('lets a command in flight finish during drain and answers later ones with "restarting"', async () => {
    let answer!: (r: Reply) => void;
    const inner = vi.fn(() => new Promise<Reply>((r) => (answer = r)));
    const dispatch = gateCommands(inner);
    const first = dispatch(req);
    let drained = false;
    const draining = dispatch.drain().then(() => (drained = true));
    expect(dispatch.stopping()).toBe(true);
    const late = await dispatch(req);
    expect(late).toMatchObject({ kind: 'error', code: 'unavailable', text: expect.stringMatching(/restarting/) });
    expect(inner).toHaveBeenCalledOnce();
    await Promise.resolve();
    expect(drained).toBe(false);
    answer({ kind: 'text', text: 'the briefing' });
    await draining;
    expect(await first).toEqual({ kind: 'text', text: 'the briefing' });
  });

  it('drains at once when nothing is running, even after a command failed', async () => {
    const dispatch = gateCommands(async () => {
      throw new Error('bug');
    });
    await expect(dispatch(req)).rejects.toThrow('bug');
    await dispatch.drain();
    expect(dispatch.stopping()).toBe(true);
  });
});

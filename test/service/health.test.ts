import { describe, it, expect, afterEach } from 'vitest';
import type { AdapterState } from '../../src/chat/adapter.js';
import { HealthMonitor, PEAK_MEMORY_MS, startHealthServer, type HealthServer, type HealthSource } from '../../src/health.js';
import { silentLogger } from '../../src/log.js';

class FakeClock {
  constructor(public ms = Date.parse('2026-03-01T10:00:00Z')) {}
  now = () => new Date(this.ms);
  advance(ms: number) {
    this.ms += ms;
  }
}

function fakeAdapter(platform: string, initial: AdapterState) {
  let state = initial;
  return { platform, state: () => state, set: (s: AdapterState) => (state = s) };
}

function source(adapters: HealthSource['adapters'], extra: Partial<HealthSource> = {}): HealthSource {
  return {
    adapters,
    documents: () => 42,
    lastLoad: () => ({ at: new Date('2026-03-01T09:59:00Z'), documents: 42, skipped: 1, ms: 120 }),
    nextDigest: () => new Date('2026-03-02T08:00:00Z'),
    ...extra,
  };
}

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(path = '/healthz', method = 'GET') {
  const res = await fetch(`http://127.0.0.1:${server!.port}${path}`, { method });
  return { status: res.status, body: method === 'HEAD' ? '' : await res.text() };
}

describe('GET /healthz', () => {
  it('answers 200 with adapters, documents, last load and next digest while all is well', async () => {
    const clock = new FakeClock();
    const monitor = new HealthMonitor(source([fakeAdapter('slack', 'up'), fakeAdapter('discord', 'up')]), { clock, graceMs: 60_000 });
    server = await startHealthServer(monitor, { port: 0, host: '127.0.0.1', logger: silentLogger });
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({
      status: 'ok',
      adapters: { slack: 'up', discord: 'up' },
      failing: {},
      documents: 42,
      library: 'ok',
      peakDocuments: 42,
      lastLoad: { at: '2026-03-01T09:59:00.000Z', documents: 42, skipped: 1, ms: 120 },
      nextDigest: '2026-03-02T08:00:00.000Z',
    });
  });

  it('stays 200 while a platform reconnects within the grace, then 503 once it is down beyond it', async () => {
    const clock = new FakeClock();
    const discord = fakeAdapter('discord', 'up');
    const monitor = new HealthMonitor(source([fakeAdapter('slack', 'up'), discord]), { clock, graceMs: 60_000 });
    server = await startHealthServer(monitor, { port: 0, host: '127.0.0.1', logger: silentLogger });

    discord.set('connecting');
    monitor.sample();
    clock.advance(59_000);
    expect((await get()).status).toBe(200);

    discord.set('down');
    clock.advance(2_000);
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ status: 'degraded', adapters: { slack: 'up', discord: 'down' }, failing: { discord: { state: 'down', forMs: 61_000 } } });

    discord.set('up');
    expect((await get()).status).toBe(200);
  });

  it('times an outage from when it was first seen by the background sample, not from the next request', () => {
    const clock = new FakeClock();
    const slack = fakeAdapter('slack', 'up');
    const monitor = new HealthMonitor(source([slack]), { clock, graceMs: 60_000 });
    slack.set('down');
    monitor.sample();
    clock.advance(90_000);
    expect(monitor.report().status).toBe('degraded');
  });

  it('counts a platform that never came up after start-up once the grace has passed', () => {
    const clock = new FakeClock();
    const monitor = new HealthMonitor(source([fakeAdapter('slack', 'connecting')]), { clock, graceMs: 10_000 });
    expect(monitor.report().status).toBe('ok');
    clock.advance(10_001);
    expect(monitor.report()).toMatchObject({ status: 'degraded', failing: { slack: { state: 'connecting' } } });
  });

  it('reports an adapter without a state as unknown without failing, and nulls when nothing is loaded or scheduled', () => {
    const monitor = new HealthMonitor(source([{ platform: 'console' }], { lastLoad: () => undefined, nextDigest: () => undefined }), {
      clock: new FakeClock(),
      graceMs: 0,
    });
    expect(monitor.report()).toMatchObject({ status: 'ok', adapters: { console: 'unknown' }, lastLoad: null, nextDigest: null });
  });

  it('answers 503 "stopping" once shutdown has begun', async () => {
    let stopping = false;
    const monitor = new HealthMonitor(source([fakeAdapter('slack', 'up')], { stopping: () => stopping }), { clock: new FakeClock(), graceMs: 60_000 });
    server = await startHealthServer(monitor, { port: 0, host: '127.0.0.1', logger: silentLogger });
    stopping = true;
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ status: 'stopping' });
  });

  it('answers 404 elsewhere, 405 for other methods, and HEAD with the status only', async () => {
    const monitor = new HealthMonitor(source([]), { clock: new FakeClock(), graceMs: 0 });
    server = await startHealthServer(monitor, { port: 0, host: '127.0.0.1', logger: silentLogger });
    expect((await get('/')).status).toBe(404);
    expect((await get('/healthz', 'POST')).status).toBe(405);
    expect((await get('/healthz?verbose=1', 'HEAD')).status).toBe(200);
  });

  it('answers 503 instead of crashing when the report itself fails', async () => {
    const monitor = new HealthMonitor(source([], { documents: () => { throw new Error('library gone'); } }), { clock: new FakeClock(), graceMs: 0 });
    server = await startHealthServer(monitor, { port: 0, host: '127.0.0.1', logger: silentLogger });
    expect((await get()).status).toBe(503);
  });

  it('frees its port on close', async () => {
    const monitor = new HealthMonitor(source([]), { clock: new FakeClock(), graceMs: 0 });
    const first = await startHealthServer(monitor, { port: 0, host: '127.0.0.1', logger: silentLogger });
    const port = first.port;
    await first.close();
    server = await startHealthServer(monitor, { port, host: '127.0.0.1', logger: silentLogger });
    expect(server.port).toBe(port);
  });
});

describe('/healthz and the library', () => {
  it('is degraded when the library loaded nothing', () => {
    const monitor = new HealthMonitor(source([fakeAdapter('console', 'up')], { documents: () => 0 }), { clock: new FakeClock(), graceMs: 0 });
    expect(monitor.report()).toMatchObject({ status: 'degraded', library: 'empty', documents: 0 });
  });

  it('is degraded once the library lost most of what it had, and healthy again when it comes back', () => {
    let documents = 2000;
    const monitor = new HealthMonitor(source([fakeAdapter('console', 'up')], { documents: () => documents }), { clock: new FakeClock(), graceMs: 0 });
    expect(monitor.report()).toMatchObject({ status: 'ok', library: 'ok' });
    documents = 1200;
    expect(monitor.report()).toMatchObject({ status: 'ok', library: 'ok', peakDocuments: 2000 });
    documents = 300;
    expect(monitor.report()).toMatchObject({ status: 'degraded', library: 'shrunk', documents: 300, peakDocuments: 2000 });
    documents = 1900;
    expect(monitor.report()).toMatchObject({ status: 'ok', library: 'ok' });
  });

  it('forgets an old peak, so a deliberate clean-up reads as healthy after a while', () => {
    let documents = 2000;
    const clock = new FakeClock();
    const monitor = new HealthMonitor(source([fakeAdapter('console', 'up')], { documents: () => documents }), { clock, graceMs: 0 });
    monitor.sample();
    documents = 100;
    expect(monitor.report().library).toBe('shrunk');
    clock.advance(PEAK_MEMORY_MS + 1);
    expect(monitor.report()).toMatchObject({ status: 'ok', library: 'ok', peakDocuments: 100 });
  });

  it('answers 503 for an empty library', async () => {
    const monitor = new HealthMonitor(source([fakeAdapter('console', 'up')], { documents: () => 0 }), { clock: new FakeClock(), graceMs: 0 });
    server = await startHealthServer(monitor, { port: 0, host: '127.0.0.1', logger: silentLogger });
    const r = await get();
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'degraded', library: 'empty' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Reply, UserRef } from '../../src/chat/reply.js';
import { admin, FakeClock, member, rig, testConfig, type Rig } from '../schedule/helpers.js';

let open: Rig[] = [];
afterEach(() => {
  for (const r of open) r.store.close();
  open = [];
});
function setup(file: Record<string, unknown> = {}): Rig {
  const r = rig({ clock: new FakeClock(Date.parse('2026-11-27T07:00:00Z')), config: testConfig({ defaultTimezone: 'Europe/London', ...file }) });
  open.push(r);
  return r;
}
const text = (reply: Reply) => (reply.kind === 'text' || reply.kind === 'error' ? reply.text : JSON.stringify(reply));

describe('/digest subscribe', () => {
  it('subscribes with the defaults and says when the first digest comes', async () => {
    const r = setup();
    const reply = await r.digest('slack:C1', 'subscribe', admin);
    expect(reply.kind).toBe('text');
    expect(text(reply)).toBe('Subscribed: digest #1 (top stories) daily at 08:00 Europe/London. First one: Fri 27 Nov 2026 08:00 GMT.');
    expect(r.store.subscriptions.list()[0]).toMatchObject({ channel: 'slack:C1', at: '08:00', timezone: 'Europe/London', source: 'chat', createdBy: 'U-admin' });
  });

  it('refuses a member who is not an admin, and changes nothing', async () => {
    const r = setup();
    const reply = await r.digest('slack:C1', 'subscribe china', member);
    expect(reply).toMatchObject({ kind: 'error', code: 'forbidden' });
    expect(r.store.subscriptions.list()).toHaveLength(0);
  });

  it('lets a user listed in config admins in, bare or with the platform', async () => {
    for (const id of ['U-member', 'slack:U-member']) {
      const r = setup({ admins: [id] });
      expect((await r.digest('slack:C1', 'subscribe china', member)).kind).toBe('text');
    }
  });

  it('answers "unavailable" and changes nothing when the admin check itself fails', async () => {
    const r = setup();
    const flaky: UserRef = { id: 'U9', isAdmin: async () => Promise.reject(new Error('users.info timed out')) };
    expect(await r.digest('slack:C1', 'subscribe china', flaky)).toMatchObject({ kind: 'error', code: 'unavailable' });
    expect(r.store.subscriptions.list()).toHaveLength(0);
  });

  it('answers bad input with a usage error that says what was wrong', async () => {
    const r = setup();
    const reply = await r.digest('slack:C1', 'subscribe china at 25:00', admin);
    expect(reply).toMatchObject({ kind: 'error', code: 'usage' });
    expect(text(reply)).toMatch(/hours go from 00 to 23[\s\S]*Usage: \/digest subscribe/);
    expect(r.store.subscriptions.list()).toHaveLength(0);
  });

  it('stops at the per-channel limit', async () => {
    const r = setup({ digest: { maxPerChannel: 2 } });
    await r.digest('slack:C1', 'subscribe a', admin);
    await r.digest('slack:C1', 'subscribe b', admin);
    const third = await r.digest('slack:C1', 'subscribe c', admin);
    expect(third).toMatchObject({ kind: 'error', code: 'usage' });
    expect(text(third)).toMatch(/already has 2 digests, the most allowed is 2/);
    expect((await r.digest('slack:C2', 'subscribe c', admin)).kind).toBe('text');
  });

  it('does not add the same digest twice', async () => {
    const r = setup();
    await r.digest('slack:C1', 'subscribe china tech at 07:00', admin);
    const again = await r.digest('slack:C1', 'subscribe Tech china at 07:00', admin);
    expect(text(again)).toMatch(/already has that digest: #1/);
    expect(r.store.subscriptions.list()).toHaveLength(1);
  });
});

describe('resuming a paused digest', () => {
  it('resumes a paused config digest when subscribed again with its topics, time and zone, and adds none', async () => {
    const r = setup({ digests: [{ channel: 'slack:C1', at: '07:30', topics: ['Sport'], timezone: 'Asia/Tokyo' }] });
    await r.service.start();
    r.store.subscriptions.pause(1, 'not_in_channel: the bot is not in the channel', r.clock.now());
    r.clock.advance(3600_000);
    const reply = await r.digest('slack:C1', 'subscribe sport at 07:30 tz Asia/Tokyo', admin);
    expect(text(reply)).toBe('Resumed digest #1 (Sport), daily at 07:30 Asia/Tokyo. It was paused because: not_in_channel: the bot is not in the channel');
    expect(r.store.subscriptions.list()).toMatchObject([{ id: 1, source: 'config', pausedReason: undefined, activeSince: r.clock.now() }]);
    await r.service.stop();
  });

  it('does not resume a paused digest for a request that differs in time, zone or topics', async () => {
    const r = setup();
    await r.digest('slack:C1', 'subscribe china at 07:30', admin);
    r.store.subscriptions.pause(1, 'channel_not_found: gone', r.clock.now());
    await r.digest('slack:C1', 'subscribe china at 07:31', admin);
    expect(r.store.subscriptions.list().map((s) => [s.id, s.pausedReason])).toEqual([[1, 'channel_not_found: gone'], [2, undefined]]);
  });

  it('tells in /digest list how each paused digest resumes: subscribing again, or a restart for a cron digest from the config', async () => {
    const r = setup({
      digests: [
        { channel: 'slack:C1', at: '07:30' },
        { channel: 'slack:C1', cron: '0 9 * * 1-5' },
      ],
    });
    await r.service.start();
    await r.digest('slack:C1', 'subscribe china', admin);
    for (const id of [1, 2, 3]) r.store.subscriptions.pause(id, 'missing_access: no permission', r.clock.now());
    const lines = text(await r.digest('slack:C1', 'list')).split('\n').filter((l) => l.includes('paused'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/subscribe again with the same topics and time, or restart the bot, to resume\.$/);
    expect(lines[1]).toMatch(/restart the bot to resume \(digests from the config file resume at start\)\.$/);
    expect(lines[2]).toMatch(/Fix the channel, then subscribe again with the same topics and time to resume\.$/);
    await r.service.stop();
  });
});

describe('/digest list', () => {
  it('shows each digest with id, time, zone, topics and next run', async () => {
    const r = setup();
    await r.digest('slack:C1', 'subscribe china tech at 07:30 tz America/New_York', admin);
    const reply = await r.digest('slack:C1', 'list');
    expect(text(reply)).toBe(
      'Digests in this channel (1):\n#1 · china, tech · daily at 07:30 America/New_York\n   next: Fri 27 Nov 2026 07:30 EST',
    );
  });

  it('says how to add one when the channel has none', async () => {
    const r = setup();
    expect(text(await r.digest('slack:C1', 'list'))).toMatch(/No digests in this channel/);
  });
});

describe('/digest unsubscribe', () => {
  it('removes a digest for an admin', async () => {
    const r = setup();
    await r.digest('slack:C1', 'subscribe china', admin);
    expect(text(await r.digest('slack:C1', 'unsubscribe 1', admin))).toBe('Removed digest #1 (china).');
    expect(r.store.subscriptions.list()).toHaveLength(0);
  });

  it('refuses a member, an unknown id, another channel’s id and a config digest', async () => {
    const r = setup({ digests: [{ channel: 'slack:C1', topics: ['sport'] }] });
    await r.service.start();
    await r.digest('slack:C1', 'subscribe china', admin);
    await r.digest('slack:C2', 'subscribe china', admin);
    expect(await r.digest('slack:C1', 'unsubscribe 2', member)).toMatchObject({ code: 'forbidden' });
    expect(await r.digest('slack:C1', 'unsubscribe 99', admin)).toMatchObject({ code: 'usage' });
    expect(await r.digest('slack:C1', 'unsubscribe abc', admin)).toMatchObject({ code: 'usage' });
    expect(await r.digest('slack:C1', 'unsubscribe 3', admin)).toMatchObject({ code: 'usage' });
    const cfg = await r.digest('slack:C1', 'unsubscribe 1', admin);
    expect(text(cfg)).toMatch(/comes from the bot's config file/);
    expect(r.store.subscriptions.list()).toHaveLength(3);
    await r.service.stop();
  });
});

describe('/digest now', () => {
  it('composes the channel digest without marking anything posted', async () => {
    const r = setup();
    await r.digest('slack:C1', 'subscribe china at 08:00 tz UTC', admin);
    const reply = await r.digest('slack:C1', 'now');
    expect(reply.kind).toBe('digest');
    expect(r.store.posted.forChannel('slack:C1').size).toBe(0);
    r.clock.set('2026-11-27T08:00:00Z');
    await r.service.runDue();
    expect(r.adapter.posts).toHaveLength(1);
    // After the scheduled digest, there is nothing new to preview.
    expect(text(await r.digest('slack:C1', 'now'))).toBe('No new stories since Fri 27 Nov 2026 08:00 UTC.');
  });
});

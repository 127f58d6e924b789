import { describe, expect, it } from 'vitest';
import { computeSlots, cronProblem, describeSchedule, nextSlot } from '../../src/schedule/slots.js';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('computeSlots', () => {
  it('gives one slot a day at the local time, in (from, to]', () => {
    const s = { at: '08:00', timezone: 'Europe/London' };
    expect(iso(computeSlots(s, new Date('2026-06-01T07:00:00Z'), new Date('2026-06-03T07:00:00Z')))).toEqual([
      '2026-06-02T07:00:00.000Z',
      '2026-06-03T07:00:00.000Z',
    ]);
  });

  it('excludes the window start and includes its end', () => {
    const s = { at: '08:00', timezone: 'UTC' };
    const slot = new Date('2026-11-27T08:00:00Z');
    expect(computeSlots(s, slot, new Date('2026-11-27T09:00:00Z'))).toEqual([]);
    expect(iso(computeSlots(s, new Date('2026-11-27T07:00:00Z'), slot))).toEqual(['2026-11-27T08:00:00.000Z']);
  });

  it('fires 01:30 New York once on 2026-11-01, at the first of the two 01:30s (EDT)', () => {
    const s = { at: '01:30', timezone: 'America/New_York' };
    expect(iso(computeSlots(s, new Date('2026-10-31T12:00:00Z'), new Date('2026-11-02T12:00:00Z')))).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('fires 02:30 New York once on 2026-03-08, at 03:30 EDT, since 02:30 does not exist', () => {
    const s = { at: '02:30', timezone: 'America/New_York' };
    expect(iso(computeSlots(s, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T12:00:00Z')))).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('reads cron expressions in the subscription zone, weekdays only', () => {
    const s = { cron: '0 9 * * 1-5', timezone: 'Asia/Tokyo' };
    // 2026-11-27 is a Friday; the next two days are the weekend.
    expect(iso(computeSlots(s, new Date('2026-11-26T12:00:00Z'), new Date('2026-11-30T12:00:00Z')))).toEqual([
      '2026-11-27T00:00:00.000Z',
      '2026-11-30T00:00:00.000Z',
    ]);
  });

  it('matches either day field when both are restricted, like cron does', () => {
    const s = { cron: '0 12 1 * 1', timezone: 'UTC' };
    // 2026-12-01 is a Tuesday (day 1); Mondays are 2026-11-30 and 2026-12-07.
    expect(iso(computeSlots(s, new Date('2026-11-29T00:00:00Z'), new Date('2026-12-08T00:00:00Z')))).toEqual([
      '2026-11-30T12:00:00.000Z',
      '2026-12-01T12:00:00.000Z',
      '2026-12-07T12:00:00.000Z',
    ]);
  });

  it('fires a cron on the last day of the month with L', () => {
    const s = { cron: '0 18 L * *', timezone: 'UTC' };
    expect(iso(computeSlots(s, new Date('2026-02-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z')))).toEqual(['2026-02-28T18:00:00.000Z']);
  });

  it('stops at the limit', () => {
    expect(computeSlots({ cron: '*/5 * * * *', timezone: 'UTC' }, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z'), 3)).toHaveLength(3);
  });

  it('throws on an unknown zone', () => {
    expect(() => computeSlots({ at: '08:00', timezone: 'Nowhere/Land' }, new Date(0), new Date(86_400_000))).toThrow(/unknown time zone/);
  });
});

describe('nextSlot and cron checks', () => {
  it('finds the next slot after an instant', () => {
    expect(nextSlot({ at: '08:00', timezone: 'UTC' }, new Date('2026-11-27T08:00:00Z'))?.toISOString()).toBe('2026-11-28T08:00:00.000Z');
    expect(nextSlot({ cron: '0 0 1 1 *', timezone: 'UTC' }, new Date('2026-11-27T08:00:00Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('explains a cron expression it cannot use', () => {
    expect(cronProblem('0 8 * * 1-5')).toBeUndefined();
    expect(cronProblem('61 8 * * *')).toMatch(/minute/);
    expect(cronProblem('*/10 * * * * *')).toMatch(/whole minutes/);
    expect(cronProblem('0 8 15W * *')).toMatch(/not supported/);
  });

  it('describes a schedule for people', () => {
    expect(describeSchedule({ at: '08:00', timezone: 'UTC' })).toBe('08:00 UTC');
    expect(describeSchedule({ cron: '0 9 * * 1-5', timezone: 'UTC' })).toBe('cron "0 9 * * 1-5" (UTC)');
  });
});

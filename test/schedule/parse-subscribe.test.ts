import { describe, expect, it } from 'vitest';
import { parseSubscribe } from '../../src/schedule/parse-subscribe.js';

const defaults = { at: '08:00', timezone: 'Europe/Paris' };
const ok = (text: string) => {
  const r = parseSubscribe(text, defaults);
  if (!r.ok) throw new Error(r.problem);
  return r.value;
};
const problem = (text: string) => {
  const r = parseSubscribe(text, defaults);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.value)}`);
  return r.problem;
};

describe('parseSubscribe', () => {
  it('takes the defaults when given nothing', () => {
    expect(ok('')).toEqual({ topics: [], at: '08:00', timezone: 'Europe/Paris' });
  });

  it('reads topics, a time and a zone, in either option order', () => {
    expect(ok('china tech at 07:30 tz America/New_York')).toEqual({ topics: ['china', 'tech'], at: '07:30', timezone: 'America/New_York' });
    expect(ok('china tz Asia/Tokyo AT 7:05')).toEqual({ topics: ['china'], at: '07:05', timezone: 'Asia/Tokyo' });
  });

  it('stores a zone in its canonical spelling', () => {
    expect(ok('tz europe/london').timezone).toBe('Europe/London');
    expect(ok('tz utc').timezone).toBe('UTC');
  });

  it('keeps a quoted phrase as one topic and drops repeated topics', () => {
    expect(ok('"tony blair" China china').topics).toEqual(['tony blair', 'China']);
  });

  it('refuses an hour past 23', () => {
    expect(problem('china at 25:00')).toMatch(/25:00 is not a time of day: hours go from 00 to 23/);
    expect(problem('at 24:00')).toMatch(/hours go from 00 to 23/);
  });

  it('refuses a minute past 59', () => {
    expect(problem('at 7:61')).toMatch(/7:61 is not a time of day: minutes go from 00 to 59/);
  });

  it('refuses a time that is not HH:MM', () => {
    expect(problem('at 8am')).toMatch(/“8am” is not a time: write it as HH:MM/);
    expect(problem('at 0800')).toMatch(/is not a time/);
  });

  it('refuses "at" or "tz" with nothing after it', () => {
    expect(problem('china at')).toMatch(/“at” needs a time/);
    expect(problem('china tz')).toMatch(/“tz” needs a time zone/);
  });

  it('refuses an unknown time zone', () => {
    expect(problem('at 08:00 tz Mars/Olympus')).toMatch(/“Mars\/Olympus” is not a time zone I know/);
    expect(problem('tz GMT+25')).toMatch(/not a time zone I know/);
  });

  it('refuses an unknown option such as "every"', () => {
    expect(problem('china every day')).toMatch(/“every” is not an option here/);
    expect(problem('china --daily')).toMatch(/“--daily” is not an option/);
    expect(problem('china time=08:00')).toMatch(/is not an option/);
    expect(problem('china timezone Europe/London')).toMatch(/the time zone option is “tz Area\/City”/);
  });

  it('refuses an option given twice', () => {
    expect(problem('at 08:00 at 09:00')).toMatch(/“at” is given twice/);
    expect(problem('tz UTC tz Europe/London')).toMatch(/“tz” is given twice/);
  });

  it('refuses topics after the options', () => {
    expect(problem('at 08:00 china')).toMatch(/“china” comes after the options/);
  });

  it('refuses a topic that could ping or mention anyone', () => {
    for (const bad of ['@everyone', '@here', '<!channel>', '<@U123>', 'news<@U1>']) {
      expect(problem(`china ${bad}`)).toMatch(/is not a topic/);
    }
    expect(problem('china @everyone')).not.toMatch(/@/);
  });

  it('refuses an unclosed quote, too many topics and a very long topic', () => {
    expect(problem('"tony blair china')).toMatch(/quote is not closed/);
    expect(problem('a b c d e f g h i j k')).toMatch(/At most 10 topics/);
    expect(problem('x'.repeat(61))).toMatch(/at most 60 characters/);
  });
});

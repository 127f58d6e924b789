import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { evaluateFocus, promptFor, readNewts, stemmedTokens } from '../../scripts/eval/newts.js';

const corpus = process.env.NEWSBRIEF_CORPUS;
const newtsFile = corpus ? path.join(corpus, 'newts', 'newts-even.jsonl') : '';

describe('the NEWTS focus measure', () => {
  it('asks the first of the topic words that the article has as a whole word', () => {
    expect(promptFor(['snow', 'weather', 'cold'], 'Fog and bad weather slowed the rescue; snowfall was light.')).toBe('weather');
    expect(promptFor(['snow'], 'Nothing about it.')).toBeUndefined();
  });

  it('tokenizes like rouge-score with its stemmer: words over three letters stemmed', () => {
    expect(stemmedTokens('The rescuers were rescuing cats')).toEqual(['the', 'rescuer', 'were', 'rescu', 'cat']);
  });

  it.runIf(corpus && existsSync(newtsFile))('scores the lead as ignoring the topic and reports the briefing beside it', () => {
    const report = evaluateFocus(readNewts(newtsFile).slice(0, 40));
    expect(report.topics).toBe(80);
    const [lead, , briefing] = report.rows;
    expect(lead!.ratio).toBeCloseTo(1, 5);
    expect(briefing!.ratio).toBeGreaterThan(1);
    expect(briefing!.noMatch).toBeLessThan(80);
  });
});

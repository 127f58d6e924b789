import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/news/library.js';
import { relatedStems } from '../../src/news/forms.js';
import { stem } from '../../src/news/sentences.js';
import { doc } from './fixtures.js';

const now = new Date('2024-05-02T00:00:00Z');
const filler = 'Officials gave no further details on Tuesday and more news is expected later this week.';

function titles(docs: ReturnType<typeof doc>[], topic: string): string[] {
  const r = buildLibrary(docs, {}).brief(topic, { limit: 10, now });
  return r.kind === 'ok' ? r.briefing.stories.map((s) => s.doc.title) : [];
}

const others = [
  doc('Markets calm', ['Shares rose slightly on Monday and traders were quiet.', filler]),
  doc('George Osborne speaks', ['George Osborne set out his spending plans to parliament.', filler]),
  doc('Fire on George Street', ['A fire closed George Street for the night.', filler]),
  doc('Prince George at school', ['Prince George started school on Monday.', filler]),
  doc('Rain expected', ['Forecasters expect rain across the north, and farmers welcomed it.', filler]),
];

describe('finding the stories of a topic', () => {
  it('finds "Zimmerman verdict" for george zimmerman', () => {
    const docs = [
      ...others,
      doc('Passions on display over Zimmerman verdict', ['Protesters gathered outside the court in Sanford after the jury reached its decision.', filler]),
      doc('George Zimmerman trial opens', ['The trial of George Zimmerman opened in Florida.', filler]),
    ];
    const found = titles(docs, 'George Zimmerman');
    expect(found[0]).toBe('George Zimmerman trial opens');
    expect(found).toContain('Passions on display over Zimmerman verdict');
    // The commoner word alone does not make a story about him.
    expect(found).not.toContain('George Osborne speaks');
  });

  it('ranks a story naming the topic in its headline above one that repeats it in its body', () => {
    const docs = [
      ...others,
      doc('Cabinet meets on Monday', ['The cabinet met. Its budget, budget plans and budget cuts were discussed: budget, budget, budget.', filler]),
      doc('Budget plans unveiled', ['The chancellor spoke to parliament about spending.', 'He named the budget once.', filler]),
    ];
    expect(titles(docs, 'budget')[0]).toBe('Budget plans unveiled');
  });

  it('does not make every US story an answer to washington', () => {
    const docs = [
      ...others,
      doc('American voters head out', ['American voters went to the polls in several states.', filler]),
      doc('US sanctions widen', ['The United States widened its sanctions on Monday.', filler]),
      doc('Washington responds', ['Officials in Washington responded to the report on Friday.', filler]),
    ];
    expect(titles(docs, 'washington')).toEqual(['Washington responds']);
  });

  it('ranks a story that only names the White House after every story about a house', () => {
    const docs = [
      ...others,
      doc('White House fence jumper arrested', ['A man who jumped the White House fence was stopped at the White House doors, the Secret Service said.', filler]),
      doc('House passes spending bill', ['The House passed the spending bill by 230 votes to 190.', filler]),
      doc('Family home seized', ['Police seized the family house after a raid on Friday.', filler]),
    ];
    expect(titles(docs, 'house')).toEqual(['House passes spending bill', 'Family home seized', 'White House fence jumper arrested']);
    // Asked for by its name, the White House comes first.
    expect(titles(docs, 'white house')[0]).toBe('White House fence jumper arrested');
  });

  it('ranks Wall Street after a wall and a street, and Scotland Yard after Scotland', () => {
    const docs = [
      ...others,
      doc('Wall Street closes higher', ['Shares on Wall Street closed higher on Friday, and Wall Street traders cheered.', filler]),
      doc('Scotland Yard opens inquiry', ['Scotland Yard said detectives had opened an inquiry, and Scotland Yard asked for witnesses.', filler]),
      doc('Congress refuses funds', ['Congress refused money for a border wall on Monday.', filler]),
      doc('Party in Leeds', ['Neighbours held a street party in Leeds on Sunday.', filler]),
      doc('Polls open', ['Voters in Scotland went to the polls on Thursday.', filler]),
    ];
    expect(titles(docs, 'wall')).toEqual(['Congress refuses funds', 'Wall Street closes higher']);
    expect(titles(docs, 'street').indexOf('Wall Street closes higher')).toBeGreaterThan(titles(docs, 'street').indexOf('Party in Leeds'));
    expect(titles(docs, 'scotland')).toEqual(['Polls open', 'Scotland Yard opens inquiry']);
    expect(titles(docs, 'wall street')[0]).toBe('Wall Street closes higher');
  });

  it('lets word forms meet: religion and religious, Europe and European, air and aircraft', () => {
    const docs = [
      ...others,
      doc('Religious leaders meet', ['Religious leaders met in Rome to talk about schools.', filler]),
      doc('European summit', ['European leaders met in Brussels on trade.', filler]),
      doc('Aircraft grounded', ['Every aircraft of the fleet was grounded after a fault.', filler]),
    ];
    expect(titles(docs, 'religion')).toEqual(['Religious leaders meet']);
    expect(titles(docs, 'Europe')).toEqual(['European summit']);
    expect(titles(docs, 'air')).toEqual(['Aircraft grounded']);
  });

  it('bridges only endings of one word family, so "mill" does not find "million"', () => {
    expect(relatedStems(stem('mill'))).not.toContain(stem('million'));
    expect(relatedStems(stem('religion'))).toContain(stem('religious'));
  });

  it('ranks a story whose lead names the topic above one that names it twice in passing', () => {
    const long = [filler, filler, filler, filler, filler].join(' ');
    const docs = [
      ...others,
      doc('Christmas message from Rome', ['The pope called for peace in a message to the world.', long, 'He spoke of religion once.', 'Religion came up again at the end.']),
      doc('Tombs destroyed in Timbuktu', ['Rebels destroyed historic religious landmarks in Timbuktu on Thursday.', long]),
    ];
    expect(titles(docs, 'religion')[0]).toBe('Tombs destroyed in Timbuktu');
  });

  it('ranks a headline naming one word of the topic above both words deep in a body', () => {
    const long = [filler, filler, filler, filler, filler].join(' ');
    const docs = [
      ...others,
      doc('Your secrets are up for grabs', ['Data brokers sell what they know about you.', long, 'The NSA runs programs too.', 'Critics spoke of surveillance.']),
      doc('Surveillance unit produced no leads', ['A police surveillance unit produced no terrorism leads, officials said.', long]),
      doc('NSA chief defends snooping', ['The head of the NSA defended its surveillance in Congress.', long]),
    ];
    const found = titles(docs, 'NSA surveillance');
    expect(found[0]).toBe('NSA chief defends snooping');
    expect(found).toContain('Surveillance unit produced no leads');
    expect(found.indexOf('Surveillance unit produced no leads')).toBeLessThan(found.indexOf('Your secrets are up for grabs'));
  });

  it('finds a story filed from Beijing for beijing, below a story about Beijing', () => {
    const docs = [
      ...others,
      doc('Smog warning issued', ['Beijing (CNN) -- Officials warned residents to stay indoors as smog thickened on Monday.', filler]),
      doc('Beijing opens new airport', ['The city opened its second airport to ease crowding on Thursday.', filler]),
    ];
    expect(titles(docs, 'beijing')).toEqual(['Beijing opens new airport', 'Smog warning issued']);
    // The place is indexed, not shown: the first sentence still starts after the dateline.
    const r = buildLibrary(docs, {}).brief('smog', { now });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories[0]!.sentences[0]).toBe('Officials warned residents to stay indoors as smog thickened on Monday.');
  });

  it('finds Turkey by its everyday English name, which the country dataset lacks', () => {
    const docs = [...others, doc('Border closed', ['Turkish officials closed the border crossings on Monday.', filler]), doc('Ankara talks', ['Talks in Ankara ended without a deal.', filler])];
    expect(titles(docs, 'turkey')).toEqual(['Border closed', 'Ankara talks']);
  });

  it('finds the tag "tech" for technology', () => {
    const docs = [
      ...others,
      doc('New phone launched', ['A maker launched a phone with a folding screen.', filler], { tags: ['tech'] }),
      doc('Robot claw recycles waste', ['An intelligent claw sorts rubbish for recycling.', filler], { tags: ['tech'] }),
    ];
    expect(titles(docs, 'technology').slice(0, 2).sort()).toEqual(['New phone launched', 'Robot claw recycles waste']);
  });
});

/**
 * Word forms that meet: the stems a typed word's derived forms take, so "religion" finds
 * "religious", "Europe" finds "European" and "air" finds "aircraft". Porter stemming folds
 * inflections (votes, voting) but not derivations, whose stems differ in an ending. Each pair
 * below is an ending swap between two stems of one word family; a swap applies only to a base
 * long enough that it is no accident ("mill" is not "million": -ion swaps only with -i).
 */

/** [ending of one stem, ending of the other, shortest base]. */
const SWAPS: readonly (readonly [string, string, number])[] = [
  ['ion', 'i', 4], // religion ~ religi(ous)
  ['', 'ean', 4], // europ(e) ~ european
  ['a', 'an', 4], // korea ~ korean, africa ~ african
  ['a', 'ian', 4], // canada ~ canadian, syria ~ syrian
  ['', 'ian', 4], // egypt ~ egyptian, brazil ~ brazilian
  ['', 'i', 6], // president ~ presidenti(al)
  ['y', 'ian', 4], // italy ~ italian
  // Compounds a short word heads: "air" is in "aircraft", "airline", "airport", "airstrike".
  ['', 'craft', 3],
  ['', 'line', 3],
  ['', 'port', 3],
  ['', 'plane', 3],
  ['', 'strike', 3],
];

/** Other stems of the same word family as `stem` (they may not occur in any document). */
export function relatedStems(stem: string): string[] {
  const out = new Set<string>();
  for (const [a, b, min] of SWAPS) {
    if (stem.endsWith(a) && stem.length - a.length >= min) out.add(stem.slice(0, stem.length - a.length) + b);
    if (stem.endsWith(b) && stem.length - b.length >= min) out.add(stem.slice(0, stem.length - b.length) + a);
  }
  for (const form of clippedForms(stem)) out.add(form);
  out.delete(stem);
  return [...out];
}

/**
 * Clipped words news uses for whole ones, as stems: a "tech" section is technology, "biz" is
 * business. Both ways, so "technology" finds the tag "tech" and "tech" finds "technology".
 */
const CLIPPINGS: readonly (readonly [string, string])[] = [
  ['technolog', 'tech'],
  ['busi', 'biz'],
];

/** The clipped (or whole) forms of a stem. */
export function clippedForms(stem: string): string[] {
  const out: string[] = [];
  for (const [whole, clipped] of CLIPPINGS) {
    if (stem === whole) out.push(clipped);
    else if (stem === clipped) out.push(whole);
  }
  return out;
}

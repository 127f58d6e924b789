import { doc, seedDocument } from './fixtures.js';
import type { NewsDocument } from '../../src/news/types.js';

/**
 * Texts whose tokens and punctuation are the edge cases of the shared tokenization: phrases
 * broken by every kind of clause punctuation, dashes with and without spaces, acronyms with
 * dots, words that touch ("rock'n5"), letters that lowercase to ASCII (İ, K), accents, a long
 * paragraph, and the seed article.
 */
export function sharedTokenDocuments(): NewsDocument[] {
  const rates = [
    'Interest rates rose again on Monday, and interest rates may rise further, the central bank said.',
    'The central bank said interest rates - which rose twice - would "stay high"; interest rates fell in 2003.',
    'Interest rates: the central bank (and the treasury) disagree! Interest rates? The central bank – no comment — interest rates.',
    'interest\u00a0-\u00a0rates and interest -rates and interest- rates and interest . rates and interest.rates are not phrases.',
    'The U.S. central bank raised U.S. interest rates. The U.S.A said central bank interest rates matter.',
    "Rock'n5 roll and rock'n5 roll, the İstanbul café and the naïve café owners, said the Kelvin\u212a café owners' union.",
    '“Central bank” officials and ‘central bank’ officials met central bank officials at 10.30 GMT.',
  ];
  const long = Array.from({ length: 30 }, (_, i) => `Sentence ${i} says the water supply failed again in the old town, officials said.`).join(' ');
  return [
    seedDocument(),
    doc('Interest rates rise: the central bank says interest rates stay high', rates),
    doc('Water supply fails', [long, long]),
    doc('Greer attacks', ['Greer attacks the plan.', 'Mr Greer said the plan would fail. Greer attacks it again.']),
    doc("Chinese attempts on Chinese attempts", ['Chinese attempts to buy the firm failed. Chinese attempts to buy the firm failed again.', 'US Secretary of State Antony Blinken said Chinese attempts would fail.']),
  ];
}

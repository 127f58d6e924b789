import { fold } from './sentences.js';

/**
 * News organizations by the names that mark where a story comes from, not what it is about:
 * "(CNN)" in a dateline, "told the BBC", "Reuters reported". One list, read by the datelines
 * (an agency in brackets) and by the topics (a publisher's name is never a topic).
 */

/**
 * Wire services and the networks of our corpora, as they are named in text. Each name means the
 * publisher and nothing else ("Bloomberg" is also a mayor, "PA" a state: those are not here).
 */
export const PUBLISHERS: readonly string[] = [
  'CNN',
  'CNN International',
  'CNN Money',
  'CNNMoney',
  'HLN',
  'BBC',
  'BBC News',
  'BBC News Online',
  'BBC World',
  'BBC World Service',
  'Reuters',
  'Thomson Reuters',
  'AP',
  'Associated Press',
  'The Associated Press',
  'AFP',
  'Agence France-Presse',
  'Agence France Presse',
  'UPI',
  'United Press International',
  'Xinhua',
  'Kyodo',
  'Kyodo News',
  'Yonhap',
  'Interfax',
  'ITAR-TASS',
  'RIA Novosti',
  'Press Association',
];

/** Names that head a dateline in brackets besides the publishers ("(Bloomberg) --", "(PRNewswire) --"). */
export const DATELINE_AGENCIES: readonly string[] = [...PUBLISHERS, 'Bloomberg', 'EW.com', 'PRNewswire', 'PA', 'dpa', 'ANSA', 'TASS'];

/** A name as publishers are compared: folded, spaces and hyphens one space ("CNN-Money" = "cnn money"). */
function publisherKey(name: string): string {
  return fold(name).replace(/[\s-]+/g, ' ').trim();
}

const PUBLISHER_KEYS = new Set(PUBLISHERS.map(publisherKey));

/** "CNNOpinion", "CNNTravel", "BBCWorld": a publisher in capitals run into a section's name. */
const SECTION_OF_PUBLISHER = new RegExp(`^(?:${PUBLISHERS.filter((p) => /^\p{Lu}+$/u.test(p)).join('|')})\\p{Lu}\\p{Ll}+$`, 'u');

/**
 * Whether a topic name is a publisher's: one of PUBLISHERS, or the document's own source ("CNN"
 * in every CNN story tells its stories apart from nothing), whatever its case or hyphens.
 */
export function isPublisherName(name: string, source?: string): boolean {
  const key = publisherKey(name);
  if (key === '') return false;
  if (PUBLISHER_KEYS.has(key) || SECTION_OF_PUBLISHER.test(name.trim())) return true;
  return source !== undefined && publisherKey(source) === key;
}

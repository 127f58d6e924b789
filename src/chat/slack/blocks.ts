/** The few Block Kit shapes the bot sends, and the limits it keeps to. */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does not auto-link or auto-mention anything in the text. */
  verbatim?: boolean;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface ImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export interface SectionBlock {
  type: 'section';
  text: MrkdwnText;
  /** A story's picture, shown beside its text. */
  accessory?: ImageElement;
}

export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

export interface DividerBlock {
  type: 'divider';
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock;

/** One message: blocks plus the plain text Slack shows in notifications and old clients. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Slack's limits, and the margins the bot keeps under them. */
export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  contextElements: 10,
  blocksPerMessage: 50,
  /** Slack rejects messages near 12,000 characters of block text; stay well under. */
  messageText: 10_000,
  fallbackText: 3000,
  /** A response_url accepts five responses. */
  responsesPerCommand: 5,
} as const;

/** The characters of visible text a block carries (what Slack's size limit counts). */
export function blockTextLength(block: Block): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'divider':
      return 0;
  }
}

export function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text, verbatim: true };
}

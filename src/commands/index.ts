import type { CommandDecl } from './command.js';
import { brief } from './brief.js';
import { topics } from './topics.js';
import { digest } from './digest.js';
import { help } from './help.js';
import { feeds } from './feeds.js';

/** Every command, in the order /help, Discord and the Slack manifest list them. A new command is one line here. */
export const commands: readonly CommandDecl[] = [
  brief,
  topics,
  digest,
  feeds,
  help,
];

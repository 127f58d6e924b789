import type { CommandRequest, Dispatch, Reply, UserRef } from '../chat/reply.js';
import type { Library } from '../news/library-api.js';
import type { Clock } from '../news/types.js';
import type { DigestCommands } from '../schedule/digest-api.js';
import type { Logger } from '../log.js';
import { UserError } from '../errors.js';
import { briefCommand } from './brief.js';
import { topicsCommand } from './topics.js';
import { digestCommand } from './digest.js';
import { helpReply } from './help.js';

export interface CommandDeps {
  library: () => Library;
  digests?: DigestCommands;
  /** Stories in a briefing. */
  stories: number;
  /** User ids (bare or "platform:id") that may manage digests on any platform. */
  admins: readonly string[];
  clock: Clock;
  logger: Logger;
}

function withConfiguredAdmins(req: CommandRequest, admins: readonly string[]): UserRef {
  const platform = req.channel.split(':', 1)[0];
  const listed = admins.includes(req.user.id) || admins.includes(`${platform}:${req.user.id}`);
  if (!listed) return req.user;
  return { ...req.user, isAdmin: async () => true };
}

/** Parse, check and run one command; always resolves to a Reply, never throws. */
export function createDispatcher(deps: CommandDeps): Dispatch {
  return async (req) => {
    const name = req.name.replace(/^\//, '').toLowerCase();
    const request: CommandRequest = { ...req, name, user: withConfiguredAdmins(req, deps.admins) };
    try {
      return await run(deps, request);
    } catch (err) {
      if (err instanceof UserError) return { kind: 'error', code: err.code, text: err.message };
      deps.logger.error({ err, command: name, channel: req.channel }, 'command failed');
      return { kind: 'error', code: 'internal', text: `Sorry, something went wrong while answering /${name}. It has been logged.` };
    }
  };
}

async function run(deps: CommandDeps, req: CommandRequest): Promise<Reply> {
  switch (req.name) {
    case 'brief':
      return briefCommand(deps.library(), req.text, { stories: deps.stories, now: deps.clock.now() });
    case 'topics':
      return topicsCommand(deps.library());
    case 'digest':
      return digestCommand(deps.digests, req);
    case 'help':
      return helpReply();
    default:
      throw new UserError('usage', `Unknown command /${req.name.slice(0, 40)}. Try /help.`);
  }
}

import type { CommandRequest, Reply } from '../chat/reply.js';
import type { DigestCommands } from '../schedule/digest-api.js';
import { UserError } from '../errors.js';
import { USAGE } from './help.js';

/** Routes "/digest <sub> …" to the digest service; the service parses and checks the rest. */
export async function digestCommand(digests: DigestCommands | undefined, req: CommandRequest): Promise<Reply> {
  if (!digests) throw new UserError('unavailable', 'Digests are not available here (no store is configured).');
  const text = req.text.trim();
  const [sub = '', ...rest] = text.split(/\s+/);
  const args = rest.join(' ');
  switch (sub.toLowerCase()) {
    case 'now':
      if (args) throw new UserError('usage', `“/digest now” takes nothing after it.\nUsage: ${USAGE.digest}`);
      return digests.now(req.channel);
    case 'subscribe':
      return digests.subscribe(req.channel, args, req.user);
    case 'list':
      if (args) throw new UserError('usage', `“/digest list” takes nothing after it.\nUsage: ${USAGE.digest}`);
      return digests.list(req.channel);
    case 'unsubscribe':
      if (!/^\S+$/.test(args)) throw new UserError('usage', `Say which digest to remove: /digest unsubscribe <id> (ids are in /digest list).`);
      return digests.unsubscribe(req.channel, args, req.user);
    case '':
      throw new UserError('usage', `Usage: ${USAGE.digest}`);
    default:
      throw new UserError('usage', `Unknown /digest subcommand “${sub.slice(0, 40)}”.\nUsage: ${USAGE.digest}`);
  }
}

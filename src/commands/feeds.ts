import { UserError } from '../errors.js';
import { cleanTag } from '../news/document.js';
import type { FeedCommands } from '../sources/feeds/service.js';
import type { CommandContext, CommandDecl } from './command.js';

/** /feeds: the feeds newsbrief reads. Anyone may list them; admins add and remove. */

const MAX_TAGS = 10;

function service(ctx: CommandContext): FeedCommands {
  if (!ctx.feeds) throw new UserError('unavailable', 'Feeds are not available here (no store is configured).');
  return ctx.feeds;
}

async function add(ctx: CommandContext) {
  const [url = '', ...rest] = ctx.args.split(/\s+/).filter((w) => w !== '');
  const tags = [...new Set(rest.map(cleanTag).filter((t) => t !== ''))];
  if (tags.length > MAX_TAGS) throw new UserError('usage', `At most ${MAX_TAGS} tags per feed.`);
  const text = await service(ctx).add({ url, tags, channel: ctx.req.channel, userId: ctx.req.user.id });
  return { kind: 'text' as const, text };
}

async function remove(ctx: CommandContext) {
  const m = /^#?(\d{1,12})$/.exec(ctx.args.trim());
  if (!m) throw new UserError('usage', 'Say which feed to remove: /feeds remove <id> (ids are in /feeds list).');
  return { kind: 'text' as const, text: await service(ctx).remove(Number(m[1])) };
}

export const feeds: CommandDecl = {
  name: 'feeds',
  description: 'The feeds I read: add, list or remove',
  examples: ['/feeds add https://example.com/rss.xml world'],
  subcommands: [
    {
      name: 'add',
      description: 'Read a feed (RSS, Atom or JSON Feed), with optional tags',
      access: 'admins',
      audience: 'channel',
      options: [
        { name: 'url', description: 'The feed’s address (https://…)', required: true, maxLength: 2000 },
        { name: 'tags', placeholder: 'tag …', description: 'Tags for its stories, separated by spaces (world tech)', maxLength: 200 },
      ],
      run: add,
    },
    { name: 'list', description: 'The feeds I read, and how each is doing', audience: 'asker', run: (ctx) => ({ kind: 'text', text: service(ctx).list(), private: true }) },
    {
      name: 'remove',
      description: 'Stop reading a feed and forget its stories',
      access: 'admins',
      audience: 'channel',
      options: [{ name: 'id', description: 'The feed id, from /feeds list', required: true, maxLength: 20 }],
      run: remove,
    },
  ],
};

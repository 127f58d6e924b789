import 'dotenv/config';
import { loadConfig, ConfigError } from '../config.js';
import { createLogger } from '../log.js';
import { loadFolder } from '../news/load.js';
import { buildLibrary } from '../news/library.js';
import { systemClock } from '../news/types.js';
import { createDispatcher } from '../commands/dispatch.js';
import { renderReply, plainStyle, ansiStyle } from '../chat/console/render.js';

/** `npm run brief -- china`: one briefing on stdout, exit 0; a message and non-zero on error. */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const loaded = await loadFolder(config.seedsDir, { maxFileBytes: config.limits.maxFileBytes, logger });
  const library = buildLibrary(loaded.documents, { clock: systemClock, storiesPerBriefing: config.storiesPerBriefing, logger });
  const dispatch = createDispatcher({ library: () => library, settings: { ...config, admins: [] }, clock: systemClock, logger });
  const reply = await dispatch({
    name: 'brief',
    text: process.argv.slice(2).join(' '),
    options: {},
    user: { id: 'cli', isAdmin: async () => false },
    channel: 'console:cli',
  });
  const style = process.stdout.isTTY ? ansiStyle : plainStyle;
  if (reply.kind === 'error') {
    process.stderr.write(`${renderReply(reply, plainStyle)}\n`);
    return 1;
  }
  process.stdout.write(`${renderReply(reply, style)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `newsbrief: ${err instanceof Error ? err.message : String(err)}`}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);

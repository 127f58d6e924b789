import 'dotenv/config';
import { pathToFileURL } from 'node:url';
import { REST } from 'discord.js';
import { loadConfig, ConfigError, type AppConfig } from '../config.js';
import { commandDefinitions } from '../chat/discord/commands.js';
import { commands } from '../commands/index.js';
import { describePlan, registerCommands } from '../chat/discord/register.js';
import { errorSummary } from '../chat/discord/interactions.js';

/**
 * `npm run discord:register`: puts the declared commands (src/commands/index.ts) on Discord. With
 * DISCORD_GUILD_ID, in that server only (instant); without, globally (may take up to an hour to show).
 * Returns the exit code; prints what changed. `env` undefined: the process environment (via loadConfig).
 */
export async function runRegister(
  env: Record<string, string | undefined> | undefined,
  out: { log: (s: string) => void; error: (s: string) => void },
): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      out.error(err.message);
      return 2;
    }
    throw err;
  }
  const discord = config.discord;
  if (!discord) {
    out.error('DISCORD_TOKEN is not set: put the bot token in .env (Discord developer portal → your app → Bot → Reset Token).');
    return 2;
  }
  if (!discord.applicationId) {
    out.error('DISCORD_APPLICATION_ID is not set: put the application id in .env (developer portal → General Information).');
    return 2;
  }
  const rest = new REST({ ...(discord.apiUrl ? { api: discord.apiUrl } : {}) }).setToken(discord.token);
  const scope = discord.guildId ? `guild ${discord.guildId}` : 'global';
  try {
    const plan = await registerCommands(rest, { applicationId: discord.applicationId, guildId: discord.guildId }, commandDefinitions(commands));
    out.log(describePlan(plan, scope));
    if (!discord.guildId && plan.added.length + plan.updated.length > 0) {
      out.log('Global commands can take up to an hour to appear; set DISCORD_GUILD_ID for instant registration in one server.');
    }
    return 0;
  } catch (err) {
    const e = errorSummary(err);
    const hint = e.status === 401 ? ' (is DISCORD_TOKEN right?)' : e.status === 403 || e.status === 404 ? ' (are DISCORD_APPLICATION_ID and DISCORD_GUILD_ID right, and is the bot in that server?)' : '';
    out.error(`Registering Discord commands failed: ${e.message}${hint}`);
    return 1;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runRegister(undefined, { log: (s) => console.log(s), error: (s) => console.error(s) }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`discord:register failed: ${errorSummary(err).message}`);
      process.exit(1);
    },
  );
}

import 'dotenv/config';
import { loadConfig, ConfigError, maskedConfig } from '../config.js';

/**
 * `npm run config:check`: validate the configuration exactly as start-up does and print the
 * effective result (defaults filled in, env applied, secrets masked). Exit 2 on a problem.
 */
function main(): number {
  try {
    const config = loadConfig();
    const platforms = [config.slack && 'slack', config.discord && 'discord'].filter(Boolean);
    process.stdout.write(`${JSON.stringify(maskedConfig(config), null, 2)}\n`);
    process.stderr.write(`config OK: ${platforms.length ? platforms.join(' + ') : 'console only (no platform tokens set)'}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    // loadConfig never echoes token values in its own errors; anything else is a bug worth its message.
    process.stderr.write(`config check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

process.exitCode = main();

import { usageOf, type CommandDecl } from '../../commands/command.js';

/** A slash command as slack/manifest.json lists it. */
export interface ManifestCommand {
  command: string;
  description: string;
  usage_hint?: string;
  /** false: Slack sends the text as typed (with &, < and > as entities), not with resolved mentions. */
  should_escape: false;
}

/** "[topic]" for /brief; "now | subscribe [topic …] … | list | unsubscribe <id>" for /digest. */
function usageHint(cmd: CommandDecl): string {
  const lines = cmd.subcommands ? cmd.subcommands.map((s) => usageOf(cmd, s)) : [usageOf(cmd)];
  return lines
    .map((l) => l.slice(`/${cmd.name}`.length).trim())
    .filter(Boolean)
    .join(' | ');
}

/** The manifest's `features.slash_commands`, from the declarations (`npm run slack:manifest` writes it). */
export function manifestCommands(commands: readonly CommandDecl[]): ManifestCommand[] {
  return commands.map((cmd) => {
    const hint = usageHint(cmd);
    return { command: `/${cmd.name}`, description: cmd.description, ...(hint ? { usage_hint: hint } : {}), should_escape: false };
  });
}

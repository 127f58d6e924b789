import { lowerFirst, usageOf, type CommandDecl } from './command.js';

/** /help, written from the declarations: one line per command or subcommand, then examples. */
export function helpText(commands: readonly CommandDecl[]): string {
  const lines: string[] = [];
  for (const cmd of commands) {
    if (!cmd.subcommands) {
      lines.push(`• ${usageOf(cmd)} — ${lowerFirst(cmd.description)}${cmd.access === 'admins' ? ' (admins)' : ''}`);
      continue;
    }
    for (const sub of cmd.subcommands) {
      lines.push(`• ${usageOf(cmd, sub)} — ${lowerFirst(sub.description)}${sub.access === 'admins' ? ' (admins)' : ''}`);
    }
  }
  const examples = commands.flatMap((c) => c.examples ?? []);
  return [
    'newsbrief answers with short briefings from the news it has read; every sentence comes from a cited document.',
    '',
    ...lines,
    ...(examples.length > 0 ? ['', `Examples: ${examples.join(' · ')}`] : []),
  ].join('\n');
}

export const help: CommandDecl = {
  name: 'help',
  description: 'How to use newsbrief',
  audience: 'asker',
  run: ({ commands }) => ({ kind: 'text', text: helpText(commands) }),
};

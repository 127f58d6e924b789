/** A small argv reader for the scripts: `--flag`, `--key value`, `--key=value`. */

export class ArgError extends Error {}

export function parseArgs(argv: string[], spec: { flags: string[]; values: string[] }): { flags: Set<string>; values: Map<string, string> } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ArgError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.flags.includes(name)) {
      flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new ArgError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      const known = [...spec.flags, ...spec.values].map((k) => `--${k}`).join(', ');
      throw new ArgError(`unknown option --${name} (known: ${known})`);
    }
  }
  return { flags, values };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { manifestCommands } from '../chat/slack/manifest.js';
import { commands } from '../commands/index.js';

/**
 * `npm run slack:manifest`: writes the declared commands into slack/manifest.json's
 * `features.slash_commands`, leaving the rest of the manifest as it is. Prints whether it changed.
 */
const manifestShape = z.looseObject({ features: z.looseObject({ slash_commands: z.array(z.unknown()).optional() }) });
type Manifest = z.infer<typeof manifestShape>;

export function updateManifest(path: string): boolean {
  const before = readFileSync(path, 'utf8');
  const raw: unknown = JSON.parse(before);
  manifestShape.parse(raw);
  // The parsed object itself, not zod's copy: zod would reorder the manifest's keys.
  const manifest = raw as Manifest;
  manifest.features.slash_commands = manifestCommands(commands);
  const after = `${JSON.stringify(manifest, null, 2)}\n`;
  if (after === before) return false;
  writeFileSync(path, after);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const path = process.argv[2] ?? 'slack/manifest.json';
  const changed = updateManifest(path);
  console.log(changed ? `${path}: slash_commands updated from src/commands` : `${path}: already matches src/commands`);
}

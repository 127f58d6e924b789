import { z } from 'zod';
import type { CommandDefinition, CommandOptionDefinition } from './commands.js';

/**
 * Registration is one bulk PUT (Discord's overwrite is idempotent); a GET first tells the person
 * running it what actually changed.
 */

export interface RegistrationPlan {
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/** What Discord returns for a registered command, as far as comparing goes. */
const registeredOption: z.ZodType<NormalOption> = z.lazy(() =>
  z.looseObject({
    type: z.number(),
    name: z.string(),
    description: z.string(),
    required: z.boolean().optional(),
    autocomplete: z.boolean().optional(),
    min_length: z.number().optional(),
    max_length: z.number().optional(),
    options: z.array(registeredOption).optional(),
  }),
);

const registeredCommand = z.looseObject({
  name: z.string(),
  description: z.string(),
  type: z.number().optional(),
  options: z.array(registeredOption).optional(),
  default_member_permissions: z.union([z.string(), z.number(), z.null()]).optional(),
  contexts: z.array(z.number()).nullable().optional(),
});

export const registeredCommands = z.array(registeredCommand);
export type RegisteredCommand = z.infer<typeof registeredCommand>;

/** What Discord hands back has the same shape as what we define. */
type NormalOption = CommandOptionDefinition;

function normalOption(o: NormalOption): string {
  return JSON.stringify([
    o.type,
    o.name,
    o.description,
    o.required ?? false,
    o.autocomplete ?? false,
    o.min_length ?? null,
    o.max_length ?? null,
    (o.options ?? []).map(normalOption),
  ]);
}

/** A comparable form: Discord echoes defaults and returns permissions as a string. */
function normalCommand(c: RegisteredCommand | CommandDefinition): string {
  const perms = c.default_member_permissions;
  return JSON.stringify([
    c.type ?? 1,
    c.description,
    perms === null || perms === undefined ? null : String(perms),
    [...(c.contexts ?? [])].sort(),
    (c.options ?? []).map(normalOption),
  ]);
}

export function planRegistration(existing: readonly RegisteredCommand[], desired: readonly CommandDefinition[]): RegistrationPlan {
  const plan: RegistrationPlan = { added: [], updated: [], unchanged: [], removed: [] };
  const byName = new Map(existing.map((c) => [c.name, c]));
  for (const want of desired) {
    const have = byName.get(want.name);
    if (!have) plan.added.push(want.name);
    else if (normalCommand(have) === normalCommand(want)) plan.unchanged.push(want.name);
    else plan.updated.push(want.name);
  }
  const wanted = new Set(desired.map((c) => c.name));
  plan.removed = existing.filter((c) => !wanted.has(c.name)).map((c) => c.name);
  return plan;
}

export function describePlan(plan: RegistrationPlan, scope: string): string {
  const line = (label: string, names: string[]) => `  ${label}: ${names.length > 0 ? names.map((n) => `/${n}`).join(', ') : '-'}`;
  return [
    `Discord commands (${scope}):`,
    line('added', plan.added),
    line('updated', plan.updated),
    line('unchanged', plan.unchanged),
    line('removed', plan.removed),
  ].join('\n');
}

/** The REST calls registration needs (discord.js REST has these; tests may pass their own). */
export interface CommandsApi {
  get(route: `/${string}`): Promise<unknown>;
  put(route: `/${string}`, opts: { body: unknown }): Promise<unknown>;
}

export function commandsRoute(applicationId: string, guildId?: string): `/${string}` {
  return guildId ? `/applications/${applicationId}/guilds/${guildId}/commands` : `/applications/${applicationId}/commands`;
}

export async function registerCommands(
  api: CommandsApi,
  target: { applicationId: string; guildId?: string },
  desired: readonly CommandDefinition[],
): Promise<RegistrationPlan> {
  const route = commandsRoute(target.applicationId, target.guildId);
  const parsed = registeredCommands.safeParse(await api.get(route));
  if (!parsed.success) throw new Error(`Discord answered GET ${route} with something that is not a command list`);
  const plan = planRegistration(parsed.data, desired);
  if (plan.added.length + plan.updated.length + plan.removed.length > 0) {
    await api.put(route, { body: desired });
  }
  return plan;
}

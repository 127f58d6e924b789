/** INTERACTION_CREATE payloads as Discord sends them (API v10), for the fake gateway. */

export interface ApiOption {
  type: number;
  name: string;
  value?: string | number | boolean;
  focused?: boolean;
  options?: ApiOption[];
}

export interface CommandInput {
  name: string;
  options?: ApiOption[];
  channelId?: string;
  guildId?: string;
  userId?: string;
  /** The member's permission bitfield as a decimal string; "32" is Manage Server. Default: none. */
  permissions?: string;
}

export type AutocompleteInput = CommandInput;

/** Option helpers: str('topic', 'china'), sub('subscribe', [str('at', '08:00')]). */
export const str = (name: string, value: string, focused?: boolean): ApiOption => ({ type: 3, name, value, ...(focused ? { focused } : {}) });
export const int = (name: string, value: number): ApiOption => ({ type: 4, name, value });
export const sub = (name: string, options: ApiOption[] = []): ApiOption => ({ type: 1, name, options });

export const DEFAULT_CHANNEL = '710000000000000001';
export const DEFAULT_GUILD = '720000000000000001';
export const DEFAULT_USER = '730000000000000001';

function base(type: number, input: CommandInput, ids: { applicationId: string; id: string; token: string }) {
  const channelId = input.channelId ?? DEFAULT_CHANNEL;
  const guildId = input.guildId ?? DEFAULT_GUILD;
  const userId = input.userId ?? DEFAULT_USER;
  return {
    id: ids.id,
    application_id: ids.applicationId,
    type,
    token: ids.token,
    version: 1,
    guild_id: guildId,
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'news', position: 0, permission_overwrites: [], nsfw: false, parent_id: null },
    member: {
      user: { id: userId, username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null },
      roles: [],
      permissions: input.permissions ?? '0',
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
    },
    app_permissions: '2147483647',
    locale: 'en-GB',
    guild_locale: 'en-GB',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10485760,
    data: {
      id: '740000000000000001',
      name: input.name,
      type: 1,
      guild_id: guildId,
      ...(input.options ? { options: input.options } : {}),
    },
  };
}

export function commandPayload(input: CommandInput, ids: { applicationId: string; id: string; token: string }) {
  return base(2, input, ids);
}

export function autocompletePayload(input: AutocompleteInput, ids: { applicationId: string; id: string; token: string }) {
  return base(4, input, ids);
}

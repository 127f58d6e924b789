/** Discord's message and embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedsPerMessage: 10,
  /** Across all embeds of one message: titles, descriptions, field names and values, footers, author names. */
  embedTotal: 6000,
  /** Autocomplete: at most this many choices, each name and value at most 100 characters. */
  choices: 25,
  choiceLength: 100,
  /** A message nonce (string form). */
  nonce: 25,
} as const;

/** MessageFlags.Ephemeral: only the person who ran the command sees the message. */
export const EPHEMERAL = 1 << 6;

/** PermissionFlagsBits.ManageGuild ("Manage Server"). */
export const MANAGE_GUILD = 1n << 5n;

/** No parse types: text can never ping @everyone, @here, a role or a user. */
export const NO_MENTIONS = { parse: [] as never[] };

// Where a message goes, shared by the store, chat and schedule, so none of them imports another for it.

export type Platform = 'slack' | 'discord' | 'console';

/** A channel anywhere: "slack:C0123", "discord:98765", "console:stdin". */
export type ChannelRef = `${Platform}:${string}`;

export function channelRef(platform: Platform, id: string): ChannelRef {
  return `${platform}:${id}`;
}

export function parseChannelRef(ref: string): { platform: Platform; id: string } | undefined {
  const m = /^(slack|discord|console):(.+)$/.exec(ref);
  return m ? { platform: m[1] as Platform, id: m[2]! } : undefined;
}

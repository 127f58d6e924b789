import type { ChannelRef, Reply, UserRef } from '../chat/reply.js';

/** What /digest needs; implemented by the digest scheduler over the store. */
export interface DigestCommands {
  /** `text` is everything after "subscribe": "[topic …] [at HH:MM] [tz Area/City]". */
  subscribe(channel: ChannelRef, text: string, user: UserRef): Promise<Reply>;
  list(channel: ChannelRef): Promise<Reply>;
  unsubscribe(channel: ChannelRef, id: string, user: UserRef): Promise<Reply>;
  now(channel: ChannelRef): Promise<Reply>;
}

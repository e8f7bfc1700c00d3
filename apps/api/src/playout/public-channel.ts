import { type PlayoutChannel } from '@siaran/playout';

/** The channel a public read may name, of a slug's lookup (null: no such channel): an unlisted channel is none. */
export function publicChannel(channel: PlayoutChannel | null | undefined): PlayoutChannel | undefined {
  return channel?.isPublic ? channel : undefined;
}

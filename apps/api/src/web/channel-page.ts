export type ChannelKind = 'tv' | 'radio';

/** What a channel page needs to know about a channel. */
export interface ChannelRef {
  slug: string;
  kind: ChannelKind;
}

export type ChannelPage = { type: 'page'; status: 200 | 404 } | { type: 'redirect'; location: string };

/** Slugs as the channels API makes them; anything else cannot be a channel and is not looked up. */
export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export const channelPagePath = (channel: ChannelRef) =>
  `/${channel.kind === 'radio' ? 'listen' : 'watch'}/${encodeURIComponent(channel.slug)}`;

/**
 * /watch/:slug is for TV, /listen/:slug for radio; the other one redirects to the right page.
 * The embedded player (requested kind null) serves either.
 */
export function channelPage(requested: ChannelKind | null, channel: ChannelRef | null): ChannelPage {
  if (!channel) return { type: 'page', status: 404 };
  if (requested !== null && channel.kind !== requested) return { type: 'redirect', location: channelPagePath(channel) };
  return { type: 'page', status: 200 };
}

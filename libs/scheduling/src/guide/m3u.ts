import { type GuideChannel } from './xmltv';

/** M3U attribute values cannot hold quotes or line breaks. */
const attribute = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/"/g, "'");

/**
 * An extended M3U playlist for IPTV players (Kodi, TiviMate): the guide's URL in the
 * header, each channel with tvg-id equal to its XMLTV channel id.
 */
export function renderM3u(channels: readonly GuideChannel[], epgUrl: string): string {
  const lines = [`#EXTM3U x-tvg-url="${attribute(epgUrl)}"`];
  for (const channel of channels) {
    const attributes = [
      `tvg-id="${attribute(channel.xmltvId)}"`,
      `tvg-name="${attribute(channel.name)}"`,
      ...(channel.logoUrl ? [`tvg-logo="${attribute(channel.logoUrl)}"`] : []),
      `group-title="${attribute(channel.stationName)}"`,
      ...(channel.kind === 'radio' ? ['radio="true"'] : []),
    ];
    lines.push(`#EXTINF:-1 ${attributes.join(' ')},${channel.name.replace(/[\r\n]+/g, ' ')}`, channel.streamUrl);
  }
  return `${lines.join('\n')}\n`;
}

import { type GuideChannel } from './xmltv';

/**
 * One line of the playlist holds no line break of any kind: players split lines on vertical
 * tab, form feed, U+0085, U+2028 and U+2029 as well as CR and LF.
 */
const singleLine = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

/** M3U attribute values cannot hold quotes or line breaks. */
const attribute = (text: string) => singleLine(text).replace(/"/g, "'");

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
    lines.push(`#EXTINF:-1 ${attributes.join(' ')},${singleLine(channel.name)}`, singleLine(channel.streamUrl));
  }
  return `${lines.join('\n')}\n`;
}

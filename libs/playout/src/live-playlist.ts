/** One segment as it appears in a live media playlist. */
export interface PlaylistSegment {
  msn: number;
  startAt: number;
  durationMs: number;
  discontinuity: boolean;
  discontinuitySeq: number;
  uri: string;
  /** Present on the first segment of an item: marked with EXT-X-DATERANGE. */
  itemStart?: { id: string; title: string; kind: string };
  /** Emergency overrides marked on this segment with EXT-X-DATERANGE (their whole span). */
  alerts?: PlaylistAlert[];
}

/** An emergency override's span and message, as players read it from the playlist. */
export interface PlaylistAlert {
  /** Changes whenever its message, severity or end does: an ID's attributes never change. */
  id: string;
  start: number;
  end: number;
  severity: string;
  message: string;
  messageEn: string | null;
}

const alertTag = (alert: PlaylistAlert): string =>
  [
    `#EXT-X-DATERANGE:ID=${quoted(alert.id)}`,
    'CLASS="org.siaran.emergency"',
    `START-DATE=${quoted(new Date(alert.start).toISOString())}`,
    `END-DATE=${quoted(new Date(alert.end).toISOString())}`,
    `X-SEVERITY=${quoted(alert.severity)}`,
    `X-MESSAGE=${quoted(alert.message)}`,
    ...(alert.messageEn ? [`X-MESSAGE-EN=${quoted(alert.messageEn)}`] : []),
  ].join(',');

export interface LivePlaylistOptions {
  targetDurationS: number;
}

function quoted(value: string): string {
  // Quoted strings in HLS attributes cannot contain double quotes or line breaks.
  return `"${value.replace(/["\r\n]/g, ' ')}"`;
}

/**
 * Renders a live media playlist (RFC 8216 §4.3.3; ../shared/reference/hls.md): constant target
 * duration, media and discontinuity sequence from durable numbering, a PDT on every segment,
 * DISCONTINUITY at every join, DATERANGE at every item start and for every emergency override
 * (class `org.siaran.emergency`). No ENDLIST, no PLAYLIST-TYPE.
 */
export function renderLivePlaylist(segments: readonly PlaylistSegment[], options: LivePlaylistOptions): string {
  if (segments.length === 0) throw new Error('a live playlist needs at least one segment');
  const first = segments[0];
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${options.targetDurationS}`,
    `#EXT-X-MEDIA-SEQUENCE:${first.msn}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${first.discontinuitySeq - (first.discontinuity ? 1 : 0)}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  for (const segment of segments) {
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    const startDate = new Date(segment.startAt).toISOString();
    for (const alert of segment.alerts ?? []) lines.push(alertTag(alert));
    if (segment.itemStart) {
      lines.push(
        `#EXT-X-DATERANGE:ID=${quoted(segment.itemStart.id)},CLASS="org.siaran.item",START-DATE=${quoted(startDate)},X-SIARAN-KIND=${quoted(segment.itemStart.kind)},X-SIARAN-TITLE=${quoted(segment.itemStart.title)}`,
      );
    }
    lines.push(
      `#EXT-X-PROGRAM-DATE-TIME:${startDate}`,
      `#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`,
      segment.uri,
    );
  }
  return `${lines.join('\n')}\n`;
}

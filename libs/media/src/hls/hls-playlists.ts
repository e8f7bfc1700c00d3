/** One entry of a multivariant playlist. */
export interface VariantStreamEntry {
  uri: string;
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  resolution?: { width: number; height: number };
  frameRate?: number;
}

export interface VodSegmentEntry {
  uri: string;
  durationMs: number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** EXT-X-TARGETDURATION: every EXTINF rounded to the nearest integer is at most this (RFC 8216 4.3.3.1). */
export function targetDuration(segments: Array<{ durationMs: number }>): number {
  return Math.max(1, ...segments.map((s) => Math.round(s.durationMs / 1000)));
}

/** A complete VOD media playlist: PLAYLIST-TYPE VOD, ENDLIST, every segment independent. */
export function renderVodMediaPlaylist(segments: VodSegmentEntry[]): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${targetDuration(segments)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    ...segments.flatMap((s) => [`#EXTINF:${seconds(s.durationMs)},`, s.uri]),
    '#EXT-X-ENDLIST',
  ];
  return `${lines.join('\n')}\n`;
}

/** A multivariant playlist with BANDWIDTH, AVERAGE-BANDWIDTH, CODECS, RESOLUTION and FRAME-RATE (Apple 9.1–9.15). */
export function renderMultivariantPlaylist(variants: VariantStreamEntry[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    const attributes = [
      `BANDWIDTH=${v.bandwidth}`,
      `AVERAGE-BANDWIDTH=${v.averageBandwidth}`,
      `CODECS="${v.codecs}"`,
      ...(v.resolution ? [`RESOLUTION=${v.resolution.width}x${v.resolution.height}`] : []),
      ...(v.frameRate ? [`FRAME-RATE=${v.frameRate.toFixed(3)}`] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, v.uri);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Durations in whole milliseconds whose sum is the total rounded once: each segment is
 * the difference of its rounded boundaries, so splicing on them never drifts.
 */
export function durationsOnBoundaries(secondsList: number[]): number[] {
  let elapsed = 0;
  return secondsList.map((duration) => {
    const start = Math.round(elapsed * 1000);
    elapsed += duration;
    return Math.round(elapsed * 1000) - start;
  });
}

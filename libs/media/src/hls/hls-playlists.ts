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
 * Whether the last segment is a sliver to fold into the one before: shorter than half a segment,
 * and the two together still within the target duration once rounded (RFC 8216 4.3.3.1). AAC's
 * priming and whole frames make an audio track tens of milliseconds longer than its source, so a
 * source whose length is a multiple of the segment duration would otherwise end in a 21 ms segment.
 * A genuine short end (1 s after 6 s) is kept: folded, it would exceed the target.
 */
export function endsInSliver(durationsMs: readonly number[], segmentSeconds: number): boolean {
  if (durationsMs.length < 2) return false;
  const last = durationsMs[durationsMs.length - 1];
  const folded = durationsMs[durationsMs.length - 2] + last;
  return last < (segmentSeconds * 1000) / 2 && Math.round(folded / 1000) <= segmentSeconds;
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

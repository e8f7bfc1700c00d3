/**
 * Every object key the system writes or reads, in one place. Layout:
 *
 *   assets/<assetId>/source/<file name>                         the upload as received
 *   assets/<assetId>/poster.jpg                                 poster of a video asset
 *   assets/<assetId>/<preset>/master.m3u8                       multivariant playlist
 *   assets/<assetId>/<preset>/<rendition>/index.m3u8            VOD media playlist
 *   assets/<assetId>/<preset>/<rendition>/seg-00000.ts          MPEG-TS segments
 *   stations/<stationId>/logo.png                               still picture for audio on TV
 *   public/now-playing/<channel slug>.json                      now-playing copy for a CDN
 */
const SEGMENT_DIGITS = 5;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function checkName(kind: string, value: string): string {
  if (!NAME.test(value)) throw new Error(`invalid ${kind} name for an object key: ${JSON.stringify(value)}`);
  return value;
}

/** A file name as the uploader gave it, reduced to characters safe in a key and in a URL. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(-120);
  return cleaned || 'source';
}

export const StorageKeys = {
  assetPrefix: (assetId: string) => `assets/${assetId}/`,
  assetSource: (assetId: string, fileName: string) => `assets/${assetId}/source/${safeFileName(fileName)}`,
  assetPoster: (assetId: string) => `assets/${assetId}/poster.jpg`,
  assetVariantPrefix: (assetId: string, preset: string) => `assets/${assetId}/${checkName('preset', preset)}/`,
  assetMaster: (assetId: string, preset: string) => `assets/${assetId}/${checkName('preset', preset)}/master.m3u8`,
  assetRenditionPrefix: (assetId: string, preset: string, rendition: string) =>
    `assets/${assetId}/${checkName('preset', preset)}/${checkName('rendition', rendition)}/`,
  assetMediaPlaylist: (assetId: string, preset: string, rendition: string) =>
    `assets/${assetId}/${checkName('preset', preset)}/${checkName('rendition', rendition)}/index.m3u8`,
  assetSegment: (assetId: string, preset: string, rendition: string, index: number) =>
    `assets/${assetId}/${checkName('preset', preset)}/${checkName('rendition', rendition)}/${segmentFileName(index)}`,
  stationLogo: (stationId: string) => `stations/${stationId}/logo.png`,
  nowPlaying: (channelSlug: string) => `public/now-playing/${checkName('channel slug', channelSlug)}.json`,
};

/** `seg-00000.ts`: the name ffmpeg writes (`seg-%05d.ts`) and the one stored. */
export function segmentFileName(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`invalid segment index ${index}`);
  return `seg-${String(index).padStart(SEGMENT_DIGITS, '0')}.ts`;
}

export const SEGMENT_FILE_PATTERN = `seg-%0${SEGMENT_DIGITS}d.ts`;

const SEGMENT_KEY = new RegExp(
  `^assets/(${UUID})/([a-z0-9][a-z0-9-]{0,62})/([a-z0-9][a-z0-9-]{0,62})/seg-(\\d{${SEGMENT_DIGITS},10})\\.ts$`,
);
const POSTER_KEY = new RegExp(`^assets/${UUID}/poster\\.jpg$`);
/** Segment indexes are PostgreSQL integers. */
const MAX_SEGMENT_INDEX = 2 ** 31 - 1;

export interface SegmentKey {
  assetId: string;
  preset: string;
  rendition: string;
  index: number;
}

/** The parts of a segment key, exactly as StorageKeys.assetSegment writes it; undefined for any other key. */
export function parseSegmentKey(key: string): SegmentKey | undefined {
  const match = SEGMENT_KEY.exec(key);
  if (!match) return undefined;
  const [, assetId, preset, rendition, digits] = match;
  const index = Number(digits);
  if (index > MAX_SEGMENT_INDEX || StorageKeys.assetSegment(assetId, preset, rendition, index) !== key)
    return undefined;
  return { assetId, preset, rendition, index };
}

/** Keys the public may fetch through the media route: segments and posters, never sources. */
export function isPublicMediaKey(key: string): boolean {
  return parseSegmentKey(key) !== undefined || POSTER_KEY.test(key);
}

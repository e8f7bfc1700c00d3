/** A song's names as its file's tags give them (ID3, Vorbis comments, MP4 atoms), each null when absent or unreadable. */
export interface SongTags {
  artist: string | null;
  title: string | null;
  album: string | null;
  /** International Standard Recording Code, 12 characters (`IDA012400001`), as the royalty reports need it. */
  isrc: string | null;
}

export const NO_SONG_TAGS: SongTags = Object.freeze({ artist: null, title: null, album: null, isrc: null });

/** Longest tag value kept: a tag longer than this is a broken or hostile file, not a name. */
export const SONG_TAG_MAX_LENGTH = 300;

/** ffprobe's names of each field across containers (ID3 frames are mapped to these by ffmpeg). */
const TAG_NAMES: Record<keyof SongTags, readonly string[]> = {
  artist: ['artist', 'album_artist', 'performer', 'author'],
  title: ['title'],
  album: ['album'],
  isrc: ['isrc', 'tsrc'],
};

/**
 * A tag's text, or null when it cannot be shown: replacement characters (bytes that were not
 * text in the encoding the tag claimed), control characters, noncharacters, lone surrogates,
 * and values past the length limit are refused rather than half-shown.
 */
function cleanTag(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length === 0 || text.length > SONG_TAG_MAX_LENGTH) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufffd\ufffe\uffff]/.test(text)) return null;
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return null;
  return text;
}

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

/** The song fields of ffprobe's format and stream tags (keys in any case); whatever cannot be read is left empty. */
export function songTagsOf(...tagSets: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): SongTags {
  const lookup = new Map<string, unknown>();
  for (const tags of tagSets)
    for (const [key, value] of Object.entries(tags ?? {}))
      if (!lookup.has(key.toLowerCase())) lookup.set(key.toLowerCase(), value);
  const field = (names: readonly string[]) => {
    for (const name of names) {
      const text = cleanTag(lookup.get(name));
      if (text !== null) return text;
    }
    return null;
  };
  const isrc = field(TAG_NAMES.isrc)?.replace(/-/g, '').toUpperCase() ?? null;
  return {
    artist: field(TAG_NAMES.artist),
    title: field(TAG_NAMES.title),
    album: field(TAG_NAMES.album),
    isrc: isrc !== null && ISRC.test(isrc) ? isrc : null,
  };
}

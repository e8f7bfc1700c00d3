import { NO_SONG_TAGS, songTagsOf } from './song-tags';

describe('songTagsOf', () => {
  it('reads artist, title, album and ISRC whatever the case of the keys', () => {
    expect(
      songTagsOf({ ARTIST: 'Rhoma Irama', Title: 'Begadang', album: 'Soneta Vol. 1', TSRC: 'ida-01-24-00001' }),
    ).toEqual({ artist: 'Rhoma Irama', title: 'Begadang', album: 'Soneta Vol. 1', isrc: 'IDA012400001' });
  });

  it('takes the album artist when there is no artist, and the format tags before the stream ones', () => {
    expect(songTagsOf({ album_artist: 'Elvy Sukaesih', title: 'Format' }, { title: 'Stream', album: 'Ogg' })).toEqual({
      artist: 'Elvy Sukaesih',
      title: 'Format',
      album: 'Ogg',
      isrc: null,
    });
  });

  it('leaves empty what is missing, broken or absurd', () => {
    expect(songTagsOf(undefined)).toEqual(NO_SONG_TAGS);
    expect(
      songTagsOf({
        artist: '\ufffd\ufffd',
        title: 'a'.repeat(301),
        album: 'bell\u0007',
        isrc: 'not an isrc',
      }),
    ).toEqual(NO_SONG_TAGS);
    expect(songTagsOf({ artist: '   ', title: 'lone \ud800 surrogate', album: 42 })).toEqual(NO_SONG_TAGS);
  });
});

import { OffAirError, pickRendition, UnknownRenditionError } from './live-playlists';

describe('pickRendition', () => {
  const ladder = ['720p', '480p', '360p'];

  it('takes the wanted rung when the asset has it', () => {
    expect(pickRendition('480p', ladder, ['720p', '480p', '360p'])).toBe('480p');
  });

  it('falls back to the nearest lower rung for a source that was never upscaled', () => {
    expect(pickRendition('720p', ladder, ['480p', '360p'])).toBe('480p');
    expect(pickRendition('720p', ladder, ['360p'])).toBe('360p');
  });

  it('takes the best rung the asset has when nothing lower exists', () => {
    expect(pickRendition('360p', ladder, ['720p'])).toBe('720p');
  });
});

describe('refusals of live playlists', () => {
  it('names the channel and the rendition a player asked for', () => {
    const error = new UnknownRenditionError('batik-tv', '1080p');
    expect([error.kind, error.code, error.message]).toEqual([
      'not-found',
      'PLAYLIST_NOT_FOUND',
      'Channel batik-tv has no rendition 1080p',
    ]);
  });

  it('says a channel is off air until something can air', () => {
    const error = new OffAirError('batik-tv');
    expect([error.kind, error.code, error.message]).toEqual([
      'unavailable',
      'CHANNEL_OFF_AIR',
      'Channel batik-tv is off air: nothing can air yet (no ready source or filler)',
    ]);
  });
});

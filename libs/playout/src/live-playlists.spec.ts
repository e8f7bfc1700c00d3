import { pickRendition } from './live-playlists';

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

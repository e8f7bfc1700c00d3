import { probeOf, shippedPreset } from '../../../../test/support/media-fixtures';
import { planTranscode, rungsWithoutUpscaling } from './transcode-plan';

const tv = shippedPreset('tv-default');
const radio = shippedPreset('radio-default');

describe('planTranscode', () => {
  it('keeps the rungs it need not upscale to, and always the smallest', () => {
    const names = (w: number, h: number) => rungsWithoutUpscaling(tv.renditions, w, h).map((r) => r.name);
    expect(names(1920, 1080)).toEqual(['720p', '480p', '360p']);
    expect(names(1366, 768)).toEqual(['720p', '480p', '360p']);
    expect(names(1280, 536)).toEqual(['720p', '480p', '360p']);
    expect(names(854, 480)).toEqual(['480p', '360p']);
    expect(names(853, 481)).toEqual(['480p', '360p']);
    expect(names(360, 640)).toEqual(['480p', '360p']);
    expect(names(320, 240)).toEqual(['360p']);
  });

  it('explains every adaptation it makes', () => {
    const plan = planTranscode(
      tv,
      probeOf({
        video: {
          width: 720,
          height: 576,
          displayWidth: 1024,
          displayHeight: 576,
          interlaced: true,
          fieldOrder: 'tt',
          frameRate: 25,
          averageFrameRate: 25,
          bitDepth: 10,
          rotation: 0,
          sampleAspectRatio: 64 / 45,
        },
        audio: { index: 2, channels: 6, channelLayout: '5.1', sampleRate: 44100 },
        audioTracks: [
          { index: 1, language: 'ind', channels: 2 },
          { index: 2, language: 'jav', channels: 6 },
        ],
      }),
    );
    expect(plan.decisions).toEqual([
      'renditions 720p dropped: the source is only 1024x576 (never upscaled)',
      'anamorphic pixels (aspect 1.42:1) corrected: 720x576 shown as 1024x576',
      'deinterlaced (field order tt)',
      '10-bit video converted to 8-bit',
      "audio track 2 of 2 kept (jav; the file's default): the others are not aired",
      '5.1 audio downmixed to stereo',
      'audio resampled from 44100 Hz to 48000 Hz',
      'loudness normalised to -23 LUFS',
    ]);
  });

  it('says when mono is made stereo, and says nothing of tracks when there is one', () => {
    const plan = planTranscode(
      radio,
      probeOf({
        video: null,
        audio: { channels: 1, channelLayout: 'mono' },
        audioTracks: [{ index: 1, language: null, channels: 1 }],
      }),
    );
    expect(plan.decisions).toEqual([
      'mono audio made stereo: the same sound on both sides',
      'loudness normalised to -16 LUFS',
    ]);
  });

  it('airs audio over a still on TV, silence under video without sound, and refuses silence on radio', () => {
    expect(planTranscode(tv, probeOf({ video: null })).video).toEqual({ kind: 'still' });
    expect(planTranscode(tv, probeOf({ audio: null })).audio).toEqual({ kind: 'silence' });
    expect(planTranscode(radio, probeOf()).video).toBeUndefined();
    expect(() => planTranscode(radio, probeOf({ audio: null }))).toThrow(
      'The file has no audio, so it cannot air on the radio ladder radio-default.',
    );
  });
});

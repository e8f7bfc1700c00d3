import type { DomainError } from '@siaran/core';
import { probeOf, shippedPreset } from '../../../../test/support/media-fixtures';
import { planTranscode } from '../transcode/transcode-plan';
import { withAudioTrack } from './audio-track';

const tracks = [
  { index: 1, language: 'ind', channels: 2, codec: 'aac', sampleRate: 48000, channelLayout: 'stereo' },
  { index: 2, language: 'jav', channels: 1, codec: 'mp3', sampleRate: 44100, channelLayout: 'mono' },
];
const probe = probeOf({ audio: { index: 1, channels: 2, sampleRate: 48000 }, audioTracks: tracks });

describe('withAudioTrack', () => {
  it("leaves the file's default without a choice", () => {
    expect(withAudioTrack(probe, undefined)).toBe(probe);
  });

  it('makes the chosen track the audio that airs, and the plan says it was chosen', () => {
    const chosen = withAudioTrack(probe, 2);
    expect(chosen.audio).toEqual({ index: 2, codec: 'mp3', sampleRate: 44100, channels: 1, channelLayout: 'mono' });
    expect(chosen.audioTrackChosen).toBe(true);
    expect(planTranscode(shippedPreset('radio-default'), chosen).decisions).toEqual([
      'video ignored: a radio ladder carries audio only',
      'audio track 2 of 2 kept (jav; chosen at upload): the others are not aired',
      'mono audio made stereo: the same sound on both sides',
      'audio resampled from 44100 Hz to 48000 Hz',
      'loudness normalised to -16 LUFS',
    ]);
  });

  it('refuses a track the file does not have, listing those it has', () => {
    for (const track of [0, 3, 1.5]) {
      const refusal = (() => {
        try {
          withAudioTrack(probe, track);
        } catch (error) {
          return error as DomainError;
        }
        throw new Error(`track ${track} was taken`);
      })();
      expect(refusal).toMatchObject({
        kind: 'unprocessable',
        code: 'AUDIO_TRACK_NOT_FOUND',
        message: 'The file has 2 audio tracks: audioTrack must be 1 to 2.',
        details: {
          audioTracks: [
            { track: 1, language: 'ind', channels: 2 },
            { track: 2, language: 'jav', channels: 1 },
          ],
        },
      });
    }
    expect(() => withAudioTrack(probeOf({ audio: null, audioTracks: [] }), 1)).toThrow(
      'The file has no audio track: leave audioTrack out.',
    );
  });
});

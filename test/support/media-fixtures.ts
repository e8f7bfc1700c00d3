import { join } from 'node:path';
import { type LadderPreset, loadLadderPresets, type MediaProbe } from '@siaran/media';

/** The built-in presets as shipped in config/ladders, for unit tests. */
export function shippedPreset(name: 'tv-default' | 'radio-default'): LadderPreset {
  return loadLadderPresets(join(__dirname, '../../config/ladders')).get(name) as LadderPreset;
}

/** A probe of a plain 720p25 stereo file, with overrides. */
export function probeOf(
  overrides: Partial<Omit<MediaProbe, 'video' | 'audio'>> & {
    video?: Partial<NonNullable<MediaProbe['video']>> | null;
    audio?: Partial<NonNullable<MediaProbe['audio']>> | null;
  } = {},
): MediaProbe {
  const { video, audio, ...rest } = overrides;
  return {
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 8,
    sizeBytes: 1_000_000,
    coverArtIndex: undefined,
    streams: [],
    ...rest,
    video:
      video === null
        ? undefined
        : {
            index: 0,
            codec: 'h264',
            width: 1280,
            height: 720,
            displayWidth: 1280,
            displayHeight: 720,
            rotation: 0,
            frameRate: 25,
            averageFrameRate: 25,
            variableFrameRate: false,
            interlaced: false,
            bitDepth: 8,
            sampleAspectRatio: 1,
            ...video,
          },
    audio:
      audio === null
        ? undefined
        : { index: 1, codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo', ...audio },
  };
}

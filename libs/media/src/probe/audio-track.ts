import { DomainError } from '@siaran/core';
import { type MediaProbe } from './media-probe';

/**
 * The probe with `track` (1 for the file's first audio track) as the audio that airs, instead
 * of the one ffprobe picks by default; unchanged without a choice. A track the file does not
 * have is refused with `422 AUDIO_TRACK_NOT_FOUND`, listing the tracks it has.
 */
export function withAudioTrack(probe: MediaProbe, track: number | undefined): MediaProbe {
  if (track === undefined) return probe;
  const tracks = probe.audioTracks ?? [];
  const chosen = tracks[track - 1];
  if (!Number.isInteger(track) || !chosen)
    throw new DomainError(
      'unprocessable',
      'AUDIO_TRACK_NOT_FOUND',
      tracks.length === 0
        ? `The file has no audio track: leave audioTrack out.`
        : `The file has ${tracks.length} audio track${tracks.length === 1 ? '' : 's'}: audioTrack must be 1 to ${tracks.length}.`,
      { audioTracks: tracks.map((t, i) => ({ track: i + 1, language: t.language, channels: t.channels })) },
    );
  return {
    ...probe,
    audio: {
      index: chosen.index,
      codec: chosen.codec ?? probe.audio?.codec ?? 'unknown',
      sampleRate: chosen.sampleRate ?? probe.audio?.sampleRate ?? 0,
      channels: chosen.channels,
      channelLayout: chosen.channelLayout,
    },
    audioTrackChosen: true,
  };
}

import { type LadderPreset, type RenditionSpec } from '../presets/ladder-preset';
import { type MediaProbe, MediaRefusedError } from '../probe/media-probe';

export type PlannedVideo =
  | { kind: 'source'; streamIndex: number; deinterlace: boolean; anamorphic: boolean }
  /** Audio on a TV ladder airs over a still picture: cover art, else the station logo, else a plain slate. */
  | { kind: 'still' };

export type PlannedAudio = { kind: 'source'; streamIndex: number } | { kind: 'silence' };

/** How one asset becomes one preset's ladder: decided from the probe, before ffmpeg runs. */
export interface TranscodePlan {
  preset: string;
  durationSeconds: number;
  renditions: RenditionSpec[];
  video?: PlannedVideo;
  audio: PlannedAudio;
  /** Human-readable decisions, kept with the variant for producers and engineers. */
  decisions: string[];
}

/**
 * A rung is kept when reaching it needs no upscaling: the source (as displayed) is at
 * least as wide or at least as tall as the rung. The smallest rung is always kept, so a
 * tiny source still airs (centred, at its own size, in the rung's frame).
 */
export function rungsWithoutUpscaling(renditions: RenditionSpec[], width: number, height: number): RenditionSpec[] {
  const kept = renditions.filter((r) => r.video && (width >= r.video.width || height >= r.video.height));
  return kept.length > 0 ? kept : renditions.slice(-1);
}

export function planTranscode(preset: LadderPreset, probe: MediaProbe): TranscodePlan {
  const decisions: string[] = [];
  const audio: PlannedAudio = probe.audio ? { kind: 'source', streamIndex: probe.audio.index } : { kind: 'silence' };

  if (!preset.video) {
    if (!probe.audio)
      throw new MediaRefusedError(
        'MEDIA_NO_STREAMS',
        `The file has no audio, so it cannot air on the radio ladder ${preset.name}.`,
      );
    if (probe.video) decisions.push('video ignored: a radio ladder carries audio only');
    return {
      preset: preset.name,
      durationSeconds: probe.durationSeconds,
      renditions: preset.renditions,
      audio,
      decisions: withAudioDecisions(decisions, probe, preset),
    };
  }

  let video: PlannedVideo;
  let renditions: RenditionSpec[];
  if (probe.video) {
    const v = probe.video;
    video = { kind: 'source', streamIndex: v.index, deinterlace: v.interlaced, anamorphic: v.sampleAspectRatio !== 1 };
    renditions = rungsWithoutUpscaling(preset.renditions, v.displayWidth, v.displayHeight);
    const dropped = preset.renditions.filter((r) => !renditions.includes(r)).map((r) => r.name);
    if (dropped.length)
      decisions.push(
        `renditions ${dropped.join(', ')} dropped: the source is only ${v.displayWidth}x${v.displayHeight} (never upscaled)`,
      );
    if (v.sampleAspectRatio !== 1)
      decisions.push(
        `anamorphic pixels (aspect ${round(v.sampleAspectRatio)}:1) corrected: ${v.width}x${v.height} shown as ${v.displayWidth}x${v.displayHeight}`,
      );
    if (v.interlaced) decisions.push(`deinterlaced (field order ${v.fieldOrder})`);
    if (v.rotation) decisions.push(`rotated ${v.rotation}° for display`);
    if (v.variableFrameRate || Math.abs(v.frameRate - preset.video.fps) > 0.01)
      decisions.push(
        `frame rate ${round(v.averageFrameRate || v.frameRate)} fps made constant ${preset.video.fps} fps`,
      );
    if (v.bitDepth > 8) decisions.push(`${v.bitDepth}-bit video converted to 8-bit`);
  } else {
    video = { kind: 'still' };
    renditions = preset.renditions;
    decisions.push(
      `audio only: airs over ${probe.coverArtIndex !== undefined ? 'its cover art' : 'the station logo, or a plain slate without one'}`,
    );
  }
  if (!probe.audio)
    decisions.push('no audio: a silent stereo track is added so every asset of the ladder has the same streams');
  return {
    preset: preset.name,
    durationSeconds: probe.durationSeconds,
    renditions,
    video,
    audio,
    decisions: withAudioDecisions(decisions, probe, preset),
  };
}

function withAudioDecisions(decisions: string[], probe: MediaProbe, preset: LadderPreset): string[] {
  const a = probe.audio;
  const tracks = probe.audioTracks ?? [];
  const kept = tracks.findIndex((track) => track.index === a?.index);
  if (a && tracks.length > 1 && kept >= 0)
    decisions.push(
      `audio track ${kept + 1} of ${tracks.length} kept (${tracks[kept].language ?? 'no language tag'}; ${probe.audioTrackChosen ? 'chosen at upload' : "the file's default"}): the others are not aired`,
    );
  if (a && a.channels === 1 && preset.audio.channels === 2)
    decisions.push('mono audio made stereo: the same sound on both sides');
  if (a && a.channels > preset.audio.channels)
    decisions.push(
      `${a.channelLayout ?? `${a.channels}-channel`} audio downmixed to ${preset.audio.channels === 2 ? 'stereo' : 'mono'}`,
    );
  if (a && a.sampleRate !== preset.audio.sampleRate)
    decisions.push(`audio resampled from ${a.sampleRate} Hz to ${preset.audio.sampleRate} Hz`);
  if (a) decisions.push(`loudness normalised to ${preset.audio.loudness.integratedLufs} LUFS`);
  return decisions;
}

const round = (n: number) => Math.round(n * 100) / 100;

import { type VariantStreamEntry } from '../hls/hls-playlists';
import { renditionCodecs } from './codec-strings';
import { type LadderPreset } from './ladder-preset';

/** MPEG-TS packetisation on top of the encoders' rates: small for video, large for audio alone. */
const TS_OVERHEAD = { video: { peak: 1.1, average: 1.05 }, audio: { peak: 1.3, average: 1.2 } };

export interface PresetStream extends VariantStreamEntry {
  name: string;
}

/**
 * Every rung of a preset as a variant stream, with the rates the preset encodes at: what a
 * channel's multivariant playlist advertises (assets of one preset share them by construction)
 * and what a live recording declares.
 */
export function presetStreams(preset: LadderPreset): PresetStream[] {
  return preset.renditions.map((rendition) => {
    const video = rendition.video;
    const overhead = video ? TS_OVERHEAD.video : TS_OVERHEAD.audio;
    const peakKbps = (video?.maxrateKbps ?? 0) + rendition.audioBitrateKbps;
    const averageKbps = (video?.bitrateKbps ?? 0) + rendition.audioBitrateKbps;
    return {
      name: rendition.name,
      uri: `${rendition.name}.m3u8`,
      bandwidth: Math.ceil(peakKbps * 1000 * overhead.peak),
      averageBandwidth: Math.ceil(averageKbps * 1000 * overhead.average),
      codecs: renditionCodecs(rendition),
      ...(video ? { resolution: { width: video.width, height: video.height }, frameRate: preset.video?.fps } : {}),
    };
  });
}

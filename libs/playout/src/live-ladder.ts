import { type LadderPreset, renditionCodecs, type VariantStreamEntry } from '@siaran/media';

/** MPEG-TS packetisation on top of the encoders' rates: small for video, large for audio alone. */
const TS_OVERHEAD = { video: { peak: 1.1, average: 1.05 }, audio: { peak: 1.3, average: 1.2 } };

export interface LiveRendition extends VariantStreamEntry {
  name: string;
}

/**
 * The variants a channel's multivariant playlist advertises: every rung of its preset, with
 * the rates the preset encodes at (assets of one preset share them by construction).
 */
export function liveRenditions(preset: LadderPreset): LiveRendition[] {
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

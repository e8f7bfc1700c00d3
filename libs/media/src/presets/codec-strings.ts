import { type H264Profile, type LadderPreset, type RenditionSpec } from './ladder-preset';

/** profile_idc and the constraint flags x264 writes for each profile (ISO/IEC 14496-10 A.2). */
const AVC_PROFILE: Record<H264Profile, { idc: number; constraints: number }> = {
  baseline: { idc: 66, constraints: 0xc0 },
  main: { idc: 77, constraints: 0x40 },
  high: { idc: 100, constraints: 0x00 },
};

const hex = (value: number) => value.toString(16).padStart(2, '0');

/** RFC 6381 `avc1.PPCCLL` of a rung, from its fixed profile and level. */
export function avcCodecString(profile: H264Profile, level: string): string {
  const { idc, constraints } = AVC_PROFILE[profile];
  return `avc1.${hex(idc)}${hex(constraints)}${hex(Math.round(Number(level) * 10))}`;
}

/** AAC-LC: object type 2. */
export const AAC_LC_CODEC = 'mp4a.40.2';

/**
 * The CODECS attribute of a rendition, derived from the preset rather than from what a
 * file happens to contain, so that every asset of a preset declares exactly the same.
 */
export function renditionCodecs(rendition: RenditionSpec): string {
  return rendition.video
    ? `${avcCodecString(rendition.video.profile, rendition.video.level)},${AAC_LC_CODEC}`
    : AAC_LC_CODEC;
}

export function presetRendition(preset: LadderPreset, name: string): RenditionSpec {
  const rendition = preset.renditions.find((r) => r.name === name);
  if (!rendition) throw new Error(`preset ${preset.name} has no rendition ${name}`);
  return rendition;
}

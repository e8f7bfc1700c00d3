import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
  validateSync,
  ValidationError,
} from 'class-validator';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAME_MESSAGE = 'must be lower-case letters, digits and hyphens (it is part of object keys and URLs)';
export const H264_PROFILES = ['baseline', 'main', 'high'] as const;
export type H264Profile = (typeof H264_PROFILES)[number];
const H264_LEVELS = ['3.0', '3.1', '3.2', '4.0', '4.1', '4.2', '5.0', '5.1'] as const;
const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'] as const;

export class LoudnessTarget {
  /** EBU R128 integrated loudness, e.g. -23 for TV, -16 for radio and streaming. */
  @IsNumber() @Min(-70) @Max(-5) integratedLufs: number;
  @IsNumber() @Min(-9) @Max(0) truePeakDbtp: number;
  @IsNumber() @Min(1) @Max(20) rangeLu: number;
}

export class VideoRung {
  @IsInt() @Min(16) @Max(7680) width: number;
  @IsInt() @Min(16) @Max(4320) height: number;
  @IsInt() @Min(50) @Max(50000) bitrateKbps: number;
  @IsInt() @Min(50) @Max(60000) maxrateKbps: number;
  @IsInt() @Min(50) @Max(120000) bufsizeKbps: number;
  @IsIn(H264_PROFILES) profile: H264Profile;
  @IsIn(H264_LEVELS) level: string;
}

export class RenditionSpec {
  @Matches(NAME, { message: `name ${NAME_MESSAGE}` }) name: string;
  @IsInt() @Min(16) @Max(512) audioBitrateKbps: number;
  @IsOptional() @ValidateNested() @Type(() => VideoRung) video?: VideoRung;
}

export class VideoSettings {
  @IsIn([24, 25, 30, 50, 60]) fps: number;
  @IsNumber() @Min(0.5) @Max(10) gopSeconds: number;
  @IsIn(X264_PRESETS) x264Preset: string;
}

export class AudioSettings {
  @IsIn([44100, 48000]) sampleRate: number;
  @IsIn([1, 2]) channels: number;
  @ValidateNested() @Type(() => LoudnessTarget) loudness: LoudnessTarget;
}

/**
 * A ladder: the renditions every asset of a channel is encoded to, with the settings
 * that must be identical across assets for playout to splice them without re-encoding.
 */
export class LadderPreset {
  @Matches(NAME, { message: `name ${NAME_MESSAGE}` }) name: string;
  @IsOptional() @IsString() description?: string;
  @IsNumber() @Min(1) @Max(20) segmentSeconds: number;
  @IsOptional() @ValidateNested() @Type(() => VideoSettings) video?: VideoSettings;
  @ValidateNested() @Type(() => AudioSettings) audio: AudioSettings;
  @ValidateNested({ each: true })
  @Type(() => RenditionSpec)
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  renditions: RenditionSpec[];
}

export function isVideoPreset(preset: LadderPreset): boolean {
  return preset.video !== undefined;
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    return [
      ...Object.values(error.constraints ?? {}).map((m) => `${path}: ${m}`),
      ...flatten(error.children ?? [], path),
    ];
  });
}

/** Validates one preset file's content; throws naming the file and every problem. */
export function parseLadderPreset(json: unknown, source: string): LadderPreset {
  const preset = plainToInstance(LadderPreset, json);
  const problems =
    typeof json === 'object' && json !== null
      ? flatten(validateSync(preset, { forbidUnknownValues: true }))
      : ['must be a JSON object'];
  if (problems.length === 0) problems.push(...consistencyProblems(preset));
  if (problems.length > 0) throw new Error(`ladder preset ${source} is invalid:\n  ${problems.join('\n  ')}`);
  return preset;
}

function consistencyProblems(preset: LadderPreset): string[] {
  const problems: string[] = [];
  const withVideo = preset.renditions.filter((r) => r.video).length;
  if (preset.video && withVideo !== preset.renditions.length)
    problems.push('renditions: every rendition of a video preset needs "video"');
  if (!preset.video && withVideo > 0)
    problems.push('video: renditions have "video" but the preset has no "video" settings');
  const names = preset.renditions.map((r) => r.name);
  if (new Set(names).size !== names.length) problems.push('renditions: names must be unique');
  for (const r of preset.renditions) {
    if (r.video && (r.video.width % 2 !== 0 || r.video.height % 2 !== 0))
      problems.push(`renditions.${r.name}: width and height must be even`);
    if (r.video && r.video.maxrateKbps < r.video.bitrateKbps)
      problems.push(`renditions.${r.name}: maxrateKbps must be at least bitrateKbps`);
  }
  if (preset.video) {
    const framesPerGop = preset.video.gopSeconds * preset.video.fps;
    if (!Number.isInteger(framesPerGop))
      problems.push('video.gopSeconds: must be a whole number of frames at video.fps');
    if (!Number.isInteger(preset.segmentSeconds / preset.video.gopSeconds))
      problems.push('segmentSeconds: must be a whole number of GOPs (video.gopSeconds)');
  }
  const heights = preset.renditions.map((r) => r.video?.height ?? 0);
  if (heights.some((h, i) => i > 0 && h > heights[i - 1]))
    problems.push('renditions: list video renditions from the tallest to the smallest');
  return problems;
}

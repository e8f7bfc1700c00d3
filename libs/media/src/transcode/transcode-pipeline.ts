import { appendFile, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse } from 'hls-parser';
import type { MasterPlaylist, MediaPlaylist } from 'hls-parser/types';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { FfmpegRunner, Progress, progressOf } from '@siaran/ffmpeg';
import { ObjectStorage, segmentFileName, StorageKeys } from '@siaran/storage';
import {
  durationsOnBoundaries,
  endsInSliver,
  renderMultivariantPlaylist,
  renderVodMediaPlaylist,
} from '../hls/hls-playlists';
import { renditionCodecs } from '../presets/codec-strings';
import { LadderPreset, RenditionSpec } from '../presets/ladder-preset';
import { MediaProbe } from '../probe/media-probe';
import {
  artworkArgs,
  coverArtArgs,
  MASTER_PLAYLIST_NAME,
  MEDIA_PLAYLIST_NAME,
  posterArgs,
  posterSeekSeconds,
  StillPicture,
  transcodeArgs,
} from './ffmpeg-args';
import { planTranscode, TranscodePlan } from './transcode-plan';
import { WorkingDirectories } from './working-directories';

export const CONTENT_TYPES = {
  playlist: 'application/vnd.apple.mpegurl',
  segment: 'video/mp2t',
  jpeg: 'image/jpeg',
} as const;

const UPLOAD_CONCURRENCY = 4;
/** Small helper runs (cover art, poster) are bounded tightly: they decode a frame or two. */
const HELPER_TIMEOUT_MS = 120_000;

export interface TranscodeRequest {
  assetId: string;
  stationId: string;
  sourceKey: string;
  probe: MediaProbe;
  preset: LadderPreset;
}

export interface TranscodedRendition {
  name: string;
  position: number;
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  width: number | null;
  height: number | null;
  frameRate: number | null;
}

export interface TranscodeResult {
  plan: TranscodePlan;
  renditions: TranscodedRendition[];
  /** The same for every rendition: boundaries are verified identical. */
  segmentDurationsMs: number[];
  durationMs: number;
  posterKey: string | null;
}

/** A transcode that cannot succeed however often it is tried (bad media, broken ladder). */
export class PermanentTranscodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'PermanentTranscodeError';
  }
}

export interface PipelineHooks {
  signal: AbortSignal;
  onProgress(progress: Progress): void;
  /** Called before each upload step: throws to stop when the job was cancelled or taken over. */
  checkpoint(): Promise<void>;
}

/**
 * Source in object storage → one ffmpeg → every rendition in object storage:
 * segments first, then the media playlists that name them, then the multivariant
 * playlist, then the poster. Local work happens in a scratch directory, always removed.
 */
@Injectable()
export class TranscodePipeline {
  private readonly logger = new Logger(TranscodePipeline.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: ObjectStorage,
    private readonly runner: FfmpegRunner,
    private readonly workDirs: WorkingDirectories,
  ) {}

  async run(request: TranscodeRequest, hooks: PipelineHooks): Promise<TranscodeResult> {
    const { assetId, preset, probe } = request;
    const plan = planTranscode(preset, probe);
    const dir = await this.workDirs.create(`${assetId}-${preset.name}`);
    try {
      // A previous attempt may have left part of this variant: start from nothing.
      await this.storage.removePrefix(StorageKeys.assetVariantPrefix(assetId, preset.name));
      const source = join(dir, 'source');
      await this.storage.download(request.sourceKey, source);
      const still =
        plan.video?.kind === 'still' ? await this.prepareStill(request, source, dir, hooks.signal) : undefined;

      const outputDir = join(dir, 'out');
      const started = process.hrtime.bigint();
      // Transcodes running side by side share the machine's cores.
      const cpus = Math.max(1, Math.floor(availableParallelism() / this.config.transcode.concurrency));
      await this.runner.run(transcodeArgs(plan, preset, { source, still, outputDir, cpus }), {
        ...this.limits(this.config.transcode.timeoutMs),
        signal: hooks.signal,
        onProgress: (report) => {
          if (report.outTimeSeconds === undefined) return;
          const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
          hooks.onProgress(progressOf(report.outTimeSeconds, plan.durationSeconds, elapsed));
        },
      });

      const { renditions, segmentDurationsMs, sizes } = await this.readOutput(plan, preset, outputDir);
      // Audio alone has no poster: its embedded cover art, if any, is its picture (the song's artwork).
      const posterFile = plan.video
        ? await this.makePoster(request, plan, source, still, dir, hooks.signal)
        : await this.makeArtwork(request, source, dir, hooks.signal);

      await hooks.checkpoint();
      await this.uploadSegments(assetId, preset.name, plan, outputDir, sizes.length, hooks);
      await hooks.checkpoint();
      for (const r of plan.renditions) {
        const playlist = renderVodMediaPlaylist(
          segmentDurationsMs.map((durationMs, index) => ({ uri: segmentFileName(index), durationMs })),
        );
        await this.storage.put(
          StorageKeys.assetMediaPlaylist(assetId, preset.name, r.name),
          playlist,
          CONTENT_TYPES.playlist,
        );
      }
      await this.storage.put(
        StorageKeys.assetMaster(assetId, preset.name),
        renderMultivariantPlaylist(
          renditions.map((r) => ({
            ...r,
            uri: `${r.name}/${MEDIA_PLAYLIST_NAME}`,
            resolution: r.width && r.height ? { width: r.width, height: r.height } : undefined,
            frameRate: r.frameRate ?? undefined,
          })),
        ),
        CONTENT_TYPES.playlist,
      );
      let posterKey: string | null = null;
      if (posterFile) {
        await hooks.checkpoint();
        posterKey = StorageKeys.assetPoster(assetId);
        await this.storage.putFile(posterKey, posterFile, CONTENT_TYPES.jpeg);
      }
      return {
        plan,
        renditions,
        segmentDurationsMs,
        durationMs: segmentDurationsMs.reduce((a, b) => a + b, 0),
        posterKey,
      };
    } finally {
      await this.workDirs.remove(dir);
    }
  }

  /** Removes whatever part of a variant reached object storage. */
  async removeVariantObjects(assetId: string, preset: string): Promise<void> {
    await this.storage.removePrefix(StorageKeys.assetVariantPrefix(assetId, preset));
  }

  private limits(timeoutMs: number) {
    return { timeoutMs, stallTimeoutMs: this.config.transcode.stallTimeoutMs, nice: this.config.transcode.nice };
  }

  /** Cover art, else the station logo, else a plain slate drawn by ffmpeg. */
  private async prepareStill(
    request: TranscodeRequest,
    source: string,
    dir: string,
    signal: AbortSignal,
  ): Promise<StillPicture> {
    const path = join(dir, 'still.png');
    if (request.probe.coverArtIndex !== undefined) {
      await this.runner.run(coverArtArgs(source, request.probe.coverArtIndex, path), {
        ...this.limits(HELPER_TIMEOUT_MS),
        signal,
      });
      return { kind: 'image', path };
    }
    const logo = StorageKeys.stationLogo(request.stationId);
    if (await this.storage.exists(logo)) {
      await this.storage.download(logo, path);
      return { kind: 'image', path };
    }
    return { kind: 'slate' };
  }

  /** The cover art of audio as a bounded JPEG; none without one, or when it cannot be read (the transcode goes on). */
  private async makeArtwork(
    request: TranscodeRequest,
    source: string,
    dir: string,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    if (request.probe.coverArtIndex === undefined) return undefined;
    const output = join(dir, 'artwork.jpg');
    try {
      await this.runner.run(artworkArgs(source, request.probe.coverArtIndex, output), {
        ...this.limits(HELPER_TIMEOUT_MS),
        signal,
      });
      return output;
    } catch (error) {
      if (signal.aborted) throw error;
      this.logger.warn(`the cover art of ${request.assetId} could not be read: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async makePoster(
    request: TranscodeRequest,
    plan: TranscodePlan,
    source: string,
    still: StillPicture | undefined,
    dir: string,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    if (plan.video?.kind === 'still' && still?.kind !== 'image') return undefined;
    const top = plan.renditions[0].video as NonNullable<RenditionSpec['video']>;
    const output = join(dir, 'poster.jpg');
    const fromStill = plan.video?.kind === 'still' && still?.kind === 'image';
    await this.runner.run(
      posterArgs({
        source: fromStill ? still.path : source,
        fromUpload: !fromStill,
        stream: fromStill ? '0:v:0' : `0:${plan.video?.kind === 'source' ? plan.video.streamIndex : 0}`,
        seekSeconds: fromStill ? 0 : posterSeekSeconds(plan.durationSeconds),
        deinterlace: plan.video?.kind === 'source' && plan.video.deinterlace,
        width: top.width,
        height: top.height,
        output,
      }),
      { ...this.limits(HELPER_TIMEOUT_MS), signal },
    );
    return output;
  }

  /**
   * Reads ffmpeg's playlists: segment durations (identical boundaries in every rendition,
   * or the ladder is unusable for splicing), sizes for BANDWIDTH, and a check that the
   * codecs ffmpeg saw are the ones the preset declares.
   */
  private async readOutput(plan: TranscodePlan, preset: LadderPreset, outputDir: string) {
    const perRendition = await Promise.all(
      plan.renditions.map(async (r) => {
        const playlist = parse(await readFile(join(outputDir, r.name, MEDIA_PLAYLIST_NAME), 'utf8')) as MediaPlaylist;
        const durations = durationsOnBoundaries(playlist.segments.map((s) => s.duration));
        const files = playlist.segments.map((s) => join(outputDir, r.name, s.uri));
        if (endsInSliver(durations, preset.segmentSeconds)) {
          // MPEG-TS segments of one muxer run concatenate into one valid segment.
          await appendFile(files[files.length - 2], await readFile(files[files.length - 1]));
          await rm(files.pop() as string);
          durations.push((durations.pop() as number) + (durations.pop() as number));
        }
        const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
        return { rendition: r, durations, sizes };
      }),
    );
    const reference = perRendition[0].durations;
    if (reference.length === 0)
      throw new PermanentTranscodeError(
        'TRANSCODE_EMPTY',
        'ffmpeg produced no segments: the source holds no decodable media.',
      );
    for (const { rendition, durations } of perRendition) {
      if (durations.length !== reference.length || durations.some((d, i) => Math.abs(d - reference[i]) > 1)) {
        throw new PermanentTranscodeError(
          'TRANSCODE_MISALIGNED',
          `Rendition ${rendition.name} does not share segment boundaries with ${plan.renditions[0].name}.`,
          `${durations.join(',')} vs ${reference.join(',')}`,
        );
      }
    }
    await this.checkCodecs(plan, outputDir);
    const renditions: TranscodedRendition[] = perRendition.map(({ rendition, sizes }) => {
      const bits = sizes.map((size) => size * 8);
      const totalMs = reference.reduce((a, b) => a + b, 0);
      return {
        name: rendition.name,
        position: preset.renditions.indexOf(rendition),
        bandwidth: Math.ceil(Math.max(...bits.map((b, i) => (b * 1000) / reference[i]))),
        averageBandwidth: Math.ceil((bits.reduce((a, b) => a + b, 0) * 1000) / totalMs),
        codecs: renditionCodecs(rendition),
        width: rendition.video?.width ?? null,
        height: rendition.video?.height ?? null,
        frameRate: rendition.video && preset.video ? preset.video.fps : null,
      };
    });
    return { renditions, segmentDurationsMs: reference, sizes: perRendition[0].sizes };
  }

  private async checkCodecs(plan: TranscodePlan, outputDir: string): Promise<void> {
    const master = parse(await readFile(join(outputDir, MASTER_PLAYLIST_NAME), 'utf8')) as MasterPlaylist;
    for (const r of plan.renditions) {
      const seen = master.variants.find((v) => v.uri.startsWith(`${r.name}/`))?.codecs;
      if (seen && seen !== renditionCodecs(r)) {
        throw new PermanentTranscodeError(
          'TRANSCODE_CODEC_MISMATCH',
          `Rendition ${r.name} came out as ${seen}, not the ${renditionCodecs(r)} its ladder declares.`,
        );
      }
    }
  }

  private async uploadSegments(
    assetId: string,
    preset: string,
    plan: TranscodePlan,
    outputDir: string,
    count: number,
    hooks: PipelineHooks,
  ): Promise<void> {
    const uploads = plan.renditions.flatMap((r) =>
      Array.from({ length: count }, (_, index) => ({
        key: StorageKeys.assetSegment(assetId, preset, r.name, index),
        file: join(outputDir, r.name, segmentFileName(index)),
      })),
    );
    let next = 0;
    const lane = async () => {
      while (next < uploads.length) {
        const upload = uploads[next++];
        if (hooks.signal.aborted) throw hooks.signal.reason;
        await this.storage.putFile(upload.key, upload.file, CONTENT_TYPES.segment);
      }
    };
    await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, lane));
  }
}

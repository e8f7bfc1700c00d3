import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { FfmpegRunner } from '@siaran/ffmpeg';
import { WorkingDirectories } from '../transcode/working-directories';
import { ImageFormat, isCompleteImage, sniffImage } from './image-format';
import { fitWithin, imageProbeArgs, LOGO_BOX, logoNormaliseArgs, Size } from './logo-args';

/** Sides outside this range are refused: too small to see, or a decompression bomb in a small file. */
const LOGO_MIN_SIDE = 16;
const LOGO_MAX_SIDE = 4096;
const HELPER_TIMEOUT_MS = 30_000;

export interface NormalisedLogo {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * Turns an uploaded PNG or JPEG into the station logo as stored: checked (magic bytes,
 * complete structure, ffprobe, sane dimensions, a clean decode) and re-encoded by ffmpeg
 * as an opaque PNG that fits the top TV rung.
 */
@Injectable()
export class LogoImages {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: FfmpegRunner,
    private readonly workDirs: WorkingDirectories,
  ) {}

  async normalise(bytes: Buffer): Promise<NormalisedLogo> {
    const format = sniffImage(bytes);
    if (!format) throw new DomainError('invalid', 'LOGO_NOT_AN_IMAGE', 'The file is not a PNG or JPEG image.');
    if (!isCompleteImage(bytes, format))
      throw new DomainError(
        'invalid',
        'LOGO_TRUNCATED',
        'The image is cut short (an interrupted upload or export); upload the complete file again.',
      );
    const dir = await this.workDirs.create(`logo-${randomUUID()}`);
    try {
      const source = join(dir, `source.${format}`);
      const output = join(dir, 'logo.png');
      await writeFile(source, bytes);
      const size = await this.dimensions(source, format);
      if ([size.width, size.height].some((side) => side < LOGO_MIN_SIDE || side > LOGO_MAX_SIDE)) {
        throw new DomainError(
          'invalid',
          'LOGO_BAD_DIMENSIONS',
          `A logo must be ${LOGO_MIN_SIDE} to ${LOGO_MAX_SIDE} pixels a side; this one is ${size.width}x${size.height}.`,
          size,
        );
      }
      const fitted = fitWithin(size, LOGO_BOX);
      try {
        await this.runner.run(logoNormaliseArgs({ source, format, size: fitted, output }), {
          timeoutMs: HELPER_TIMEOUT_MS,
          stallTimeoutMs: HELPER_TIMEOUT_MS,
          nice: this.config.transcode.nice,
        });
      } catch {
        throw unreadable();
      }
      return { png: await readFile(output), ...fitted };
    } finally {
      await this.workDirs.remove(dir);
    }
  }

  private async dimensions(path: string, format: ImageFormat): Promise<Size> {
    const { stdout } = await this.runner.probe(imageProbeArgs(path, format), HELPER_TIMEOUT_MS);
    let stream: { width?: number; height?: number } | undefined;
    try {
      stream = (JSON.parse(stdout) as { streams?: Array<{ width?: number; height?: number }> }).streams?.[0];
    } catch {
      throw unreadable();
    }
    if (!stream?.width || !stream.height) throw unreadable();
    return { width: stream.width, height: stream.height };
  }
}

const unreadable = () =>
  new DomainError(
    'invalid',
    'LOGO_UNREADABLE',
    'The image cannot be decoded: it is damaged or in a variant that cannot be read.',
  );

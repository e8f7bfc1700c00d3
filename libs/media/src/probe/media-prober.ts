import { Injectable } from '@nestjs/common';
import { FfmpegRunner } from '@siaran/ffmpeg';
import { ByteReader, inspectIsoBmff } from './iso-bmff';
import { FfprobeOutput, interpretProbe, MediaProbe, MediaRefusedError } from './media-probe';
import { ffprobeArgs } from './probe-args';

const PROBE_TIMEOUT_MS = 60_000;

export interface ProbeSource {
  /** A local path or an http(s) URL ffprobe can read (and seek in). */
  location: string;
  sizeBytes: number;
  read: ByteReader;
}

/** Decides whether a source can air, and what it holds. */
@Injectable()
export class MediaProber {
  constructor(private readonly runner: FfmpegRunner) {}

  async probe(source: ProbeSource): Promise<MediaProbe> {
    if (source.sizeBytes === 0) throw new MediaRefusedError('MEDIA_EMPTY', 'The file is empty (0 bytes).');
    const container = await inspectIsoBmff(source.read, source.sizeBytes);
    if (container === 'missing-moov') {
      throw new MediaRefusedError(
        'MEDIA_TRUNCATED',
        'The file is incomplete: it is an MP4/MOV without its index (moov box), as left by an interrupted recording, export or upload. Export or upload it again.',
      );
    }
    if (container === 'truncated') {
      throw new MediaRefusedError(
        'MEDIA_TRUNCATED',
        'The file is cut short: it holds less data than its MP4/MOV structure declares. Upload the complete file again.',
      );
    }
    const { stdout, stderr } = await this.runner.probe(ffprobeArgs(source.location), PROBE_TIMEOUT_MS);
    let output: FfprobeOutput;
    try {
      output = JSON.parse(stdout) as FfprobeOutput;
    } catch {
      throw new MediaRefusedError(
        'MEDIA_UNREADABLE',
        'The file is not audio or video that can be read.',
        stderr.trim().split('\n').slice(-3).join(' | '),
      );
    }
    return interpretProbe(output, source.sizeBytes);
  }
}

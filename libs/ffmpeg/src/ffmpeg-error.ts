/**
 * `killed`: ended by a signal nobody here sent (the OOM killer, an operator's kill): a
 * transient fault, unlike `failed`, which is ffmpeg refusing its input.
 */
export type FfmpegFailureKind = 'failed' | 'killed' | 'timeout' | 'stalled' | 'cancelled';

export class FfmpegError extends Error {
  constructor(
    readonly kind: FfmpegFailureKind,
    message: string,
    readonly stderrTail: string[],
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

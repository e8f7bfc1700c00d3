export type FfmpegFailureKind = 'failed' | 'timeout' | 'stalled' | 'cancelled';

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

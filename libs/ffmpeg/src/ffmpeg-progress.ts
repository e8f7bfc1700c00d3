/** One `-progress` report of ffmpeg: key=value lines ending in `progress=continue|end`. */
export interface FfmpegProgressReport {
  outTimeSeconds?: number;
  speed?: number;
  /** Video frames written so far (the first output's), when there is video. */
  frames?: number;
  end: boolean;
}

/**
 * Splits ffmpeg's `-progress pipe:1` output into reports. In ffmpeg 5.1 `out_time_ms`
 * holds microseconds like `out_time_us`, so only `out_time_us` is read.
 */
export class ProgressParser {
  private buffer = '';
  private current: Record<string, string> = {};

  push(chunk: string): FfmpegProgressReport[] {
    this.buffer += chunk;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    const reports: FfmpegProgressReport[] = [];
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key !== 'progress') {
        this.current[key] = value;
        continue;
      }
      const outTimeUs = Number(this.current.out_time_us);
      const speed = Number.parseFloat(this.current.speed ?? '');
      const frames = Number(this.current.frame);
      reports.push({
        outTimeSeconds: Number.isFinite(outTimeUs) && outTimeUs >= 0 ? outTimeUs / 1e6 : undefined,
        speed: Number.isFinite(speed) ? speed : undefined,
        ...(this.current.frame !== undefined && Number.isInteger(frames) ? { frames } : {}),
        end: value === 'end',
      });
      this.current = {};
    }
    return reports;
  }
}

export interface Progress {
  /** 0–100, clamped. */
  percent: number;
  /** Seconds left at the pace so far; undefined until there is a pace. */
  etaSeconds?: number;
}

export function progressOf(outTimeSeconds: number, durationSeconds: number, elapsedSeconds: number): Progress {
  const fraction = durationSeconds > 0 ? Math.min(1, Math.max(0, outTimeSeconds / durationSeconds)) : 0;
  const percent = Math.round(fraction * 1000) / 10;
  if (fraction <= 0 || elapsedSeconds <= 0) return { percent };
  return { percent, etaSeconds: Math.max(0, Math.round((elapsedSeconds * (1 - fraction)) / fraction)) };
}

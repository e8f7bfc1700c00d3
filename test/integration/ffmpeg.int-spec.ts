import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '@siaran/config';
import { FfmpegInstallation, type FfmpegProgressReport, FfmpegRunner, locateFfmpeg } from '@siaran/ffmpeg';
import { processesMentioning } from '../support/processes';

describe('locateFfmpeg (real binaries)', () => {
  it('finds ffmpeg and ffprobe and reads their versions', async () => {
    const { ffmpeg, ffprobe } = await locateFfmpeg({});
    expect(ffmpeg.version).not.toBe('unknown');
    expect(ffprobe.version).not.toBe('unknown');
    expect(['path', 'npm']).toContain(ffmpeg.source);
  });

  it('names a configured binary that cannot run', async () => {
    await expect(locateFfmpeg({ ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toThrow(
      'ffmpeg at /nonexistent/ffmpeg (from env) cannot run: no such file',
    );
  });
});

describe('FfmpegRunner.start (an ffmpeg without an end, as a live encoder)', () => {
  let dir: string;
  let runner: FfmpegRunner;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-ffmpeg-'));
    const installation = new FfmpegInstallation(loadConfig({}));
    await installation.locate();
    runner = new FfmpegRunner(installation);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs until stopped, reporting progress, as the process whose pid it gives', async () => {
    const output = join(dir, 'endless.ts');
    const reports: FfmpegProgressReport[] = [];
    const ffmpeg = runner.start(
      [
        '-nostdin',
        '-y',
        '-progress',
        'pipe:1',
        '-re',
        '-f',
        'lavfi',
        '-i',
        'sine=f=440',
        '-c:a',
        'aac',
        '-f',
        'mpegts',
        output,
      ],
      {
        nice: 10,
        stallTimeoutMs: 10_000,
        onProgress: (report) => reports.push(report),
      },
    );
    while (!reports.some((r) => (r.outTimeSeconds ?? 0) >= 1)) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesMentioning(output)).toEqual([ffmpeg.pid]);
    expect(ffmpeg.stderrTail().join('\n')).toContain('Output #0, mpegts');
    ffmpeg.stop();
    await expect(ffmpeg.exited).rejects.toMatchObject({ kind: 'cancelled', message: 'ffmpeg was stopped' });
    expect(processesMentioning(output)).toEqual([]);
  });

  it('feeds ffmpeg from a stream; ffmpeg ending leaves the stream whole for the next one, with no EPIPE', async () => {
    const feed = new PassThrough();
    // One second of 48 kHz stereo 16-bit silence, written every 100 ms like a live feed.
    const second = Buffer.alloc(48_000 * 2 * 2);
    const writer = setInterval(() => feed.write(second.subarray(0, second.length / 10)), 100);
    const decode = (seconds: string) =>
      runner.start(
        ['-nostdin', '-f', 's16le', '-ar', '48000', '-ac', '2', '-i', 'pipe:0', '-t', seconds, '-f', 'null', '-'],
        { nice: 10, stdin: feed },
      );
    try {
      const first = decode('0.3');
      await first.exited;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(feed.destroyed).toBe(false);
      expect(feed.writableEnded).toBe(false);
      const next = decode('0.3');
      await next.exited;
      expect(next.stderrTail().join('\n')).toMatch(/audio:\d+kB/);
    } finally {
      clearInterval(writer);
      feed.destroy();
    }
  });

  it('gives each whole stderr line as ffmpeg writes it', async () => {
    const lines: string[] = [];
    const ffmpeg = runner.start(
      [
        '-nostdin',
        '-f',
        'lavfi',
        '-i',
        'anullsrc=r=48000:cl=stereo',
        '-t',
        '2',
        '-af',
        'silencedetect=d=0.5',
        '-f',
        'null',
        '-',
      ],
      { nice: 10, onStderrLine: (line) => lines.push(line) },
    );
    await ffmpeg.exited;
    expect(lines.filter((line) => line.includes('silence_start'))).toEqual([
      expect.stringMatching(/^\[silencedetect @ 0x[0-9a-f]+\] silence_start: 0$/),
    ]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});

import { locateFfmpeg } from '@siaran/ffmpeg';

describe('locateFfmpeg (real binaries)', () => {
  it('finds ffmpeg and ffprobe and reads their versions', async () => {
    const { ffmpeg, ffprobe } = await locateFfmpeg({});
    expect(ffmpeg.version).not.toBe('unknown');
    expect(ffprobe.version).not.toBe('unknown');
    expect(['path', 'npm']).toContain(ffmpeg.source);
  });

  it('names a configured binary that cannot run', async () => {
    await expect(locateFfmpeg({ ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toThrow('ffmpeg at /nonexistent/ffmpeg (from env) cannot run: no such file');
  });
});

import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetStore, MediaProber, MediaRefusedError } from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { ffmpeg, makeVideo } from '../support/media';
import { ingestFile } from '../support/media-assets';

/** What cannot air is refused with a reason, and leaves neither a row nor an object behind. */
describe('sources that cannot air', () => {
  let t: TestApp;
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-refusals-'));
    t = await createTestApp();
    await Promise.all([
      makeVideo(file('complete.mp4'), { seconds: 2, width: 320, height: 180 }),
      makeVideo(file('faststart.mp4'), {
        seconds: 2,
        width: 320,
        height: 180,
        outputArgs: ['-movflags', '+faststart'],
      }),
    ]);
    writeFileSync(file('empty.mp4'), '');
    writeFileSync(file('notes.mp4'), 'Jadwal siaran Batik TV: berita pukul 18.00 WIB\n'.repeat(50));
    for (const name of ['complete.mp4', 'faststart.mp4']) {
      copyFileSync(file(name), file(`cut-${name}`));
      truncateSync(file(`cut-${name}`), Math.floor(statSync(file(name)).size / 2));
    }
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=blue:s=64x64:d=1', '-frames:v', '1', file('logo.png')]);
    writeFileSync(file('subtitles.srt'), '1\n00:00:00,000 --> 00:00:02,000\nSelamat pagi\n');
    await ffmpeg(['-i', file('subtitles.srt'), '-c:s', 'srt', file('subtitles-only.mkv')]);
    writeFileSync(
      file('playlist.m3u8'),
      `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://${file('complete.mp4')}\n#EXT-X-ENDLIST\n`,
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function refusal(name: string): Promise<MediaRefusedError> {
    const before = await t.app.get(ObjectStorage).list('assets/');
    const error = await ingestFile(t.app, file(name), { presets: ['tv-default'] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MediaRefusedError);
    expect(await t.app.get(ObjectStorage).list('assets/')).toEqual(before);
    expect((await t.app.get(AssetStore).listAssets({ limit: 10, offset: 0 })).total).toBe(0);
    return error as MediaRefusedError;
  }

  it('refuses an empty file', async () => {
    expect(await refusal('empty.mp4')).toMatchObject({ code: 'MEDIA_EMPTY', message: 'The file is empty (0 bytes).' });
  });

  it('refuses a text file named .mp4', async () => {
    expect(await refusal('notes.mp4')).toMatchObject({
      code: 'MEDIA_UNREADABLE',
      message: 'The file is not audio or video that can be read.',
    });
  });

  it('refuses an MP4 cut in the middle: its moov box is missing', async () => {
    expect(await refusal('cut-complete.mp4')).toMatchObject({
      code: 'MEDIA_TRUNCATED',
      message: expect.stringContaining('without its index (moov box)'),
    });
  });

  it('refuses a fast-start MP4 cut in the middle: its media data is short', async () => {
    expect(await refusal('cut-faststart.mp4')).toMatchObject({
      code: 'MEDIA_TRUNCATED',
      message: expect.stringContaining('cut short'),
    });
  });

  it('refuses a file with neither audio nor video', async () => {
    expect(await refusal('subtitles-only.mkv')).toMatchObject({
      code: 'MEDIA_NO_STREAMS',
      message: 'The file has neither an audio nor a video stream.',
    });
  });

  it('refuses a still picture, whatever its name says', async () => {
    copyFileSync(file('logo.png'), file('logo-named.mp4'));
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=64x64:d=1', '-frames:v', '1', file('photo.jpg')]);
    for (const name of ['logo.png', 'logo-named.mp4', 'photo.jpg'])
      expect([name, await refusal(name)]).toEqual([
        name,
        expect.objectContaining({
          code: 'MEDIA_NO_STREAMS',
          message: 'The file is a still picture, not audio or video.',
        }),
      ]);
  });

  it('refuses a playlist, which would make ffmpeg open files named inside it', async () => {
    expect(await refusal('playlist.m3u8')).toMatchObject({ code: 'MEDIA_UNREADABLE' });
  });

  it('refuses video without audio for radio', async () => {
    await makeVideo(file('mute.mp4'), { seconds: 1, width: 320, height: 180, audio: false });
    const error = await ingestFile(t.app, file('mute.mp4'), { presets: ['radio-default'] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: 'MEDIA_NO_STREAMS',
      message: 'The file has no audio, so it cannot air on the radio ladder radio-default.',
    });
  });

  it('probes a 3-hour programme quickly, reading its length without transcoding it', async () => {
    const tenMinutes = file('ten-minutes.ts');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=64x36:r=5:d=600',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=8000:cl=mono',
      '-t',
      '600',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '50',
      '-c:a',
      'aac',
      '-b:a',
      '8k',
      tenMinutes,
    ]);
    const list = file('list.txt');
    writeFileSync(list, Array.from({ length: 18 }, () => `file '${tenMinutes}'`).join('\n'));
    const threeHours = file('three-hours.mp4');
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', threeHours]);
    const key = StorageKeys.assetSource(randomUUID(), 'three-hours.mp4');
    const storage = t.app.get(ObjectStorage);
    await storage.putFile(key, threeHours, 'video/mp4');
    const started = Date.now();
    const probe = await t.app.get(MediaProber).probe({
      location: await storage.presignedGetUrl(key, 60),
      sizeBytes: statSync(threeHours).size,
      read: async (offset, length) => {
        const handle = await open(threeHours, 'r');
        try {
          const buffer = Buffer.alloc(length);
          await handle.read(buffer, 0, length, offset);
          return buffer;
        } finally {
          await handle.close();
        }
      },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(Math.abs(probe.durationSeconds - 3 * 3600)).toBeLessThan(5);
    expect(probe.video).toMatchObject({ width: 64, height: 36 });
  }, 60_000);
});

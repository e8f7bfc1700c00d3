import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LadderPresets, ReadyVariants } from '@siaran/media';
import { slateArgs, slateSeconds } from '@siaran/playout';
import { createTestApp, type TestApp } from '../support/app';
import { makeTone } from '../support/media';
import { ingestFile, isSettled, waitForVariant } from '../support/media-assets';

/** AAC's priming and whole frames make audio a little longer than its source: never a sliver segment of it. */
describe('audio segments on the segment grid (real ffmpeg, PostgreSQL, S3)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-audio-segments-'));
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function segmentsOf(path: string): Promise<number[]> {
    const asset = await ingestFile(t.app, path, { presets: ['radio-default'] });
    expect(await waitForVariant(t.app, asset.id, 'radio-default', isSettled)).toMatchObject({ status: 'ready' });
    const ready = await t.app.get(ReadyVariants).readyVariant(asset.id, 'radio-default');
    return (ready?.segments ?? []).map((s) => s.durationMs);
  }

  const segmentMs = () => t.app.get(LadderPresets).get('radio-default').segmentSeconds * 1000;

  it.each([6, 12])('gives a %i s source no segment shorter than half the target', async (seconds) => {
    const source = join(dir, `tone-${seconds}.m4a`);
    await makeTone(source, { seconds, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] });
    const durations = await segmentsOf(source);
    expect(durations).toHaveLength(seconds / 6);
    for (const duration of durations) expect(duration).toBeGreaterThanOrEqual(segmentMs() / 2);
    expect(Math.abs(durations.reduce((a, b) => a + b, 0) - seconds * 1000)).toBeLessThan(100);
  });

  it('makes a radio slate of whole segments that loops without a sliver', async () => {
    const seconds = slateSeconds(segmentMs() / 1000);
    const output = join(dir, 'slate.m4a');
    writeFileSync(join(dir, 'title.txt'), 'Radio Kota Batik');
    await promisify(execFile)(
      'ffmpeg',
      slateArgs({ kind: 'radio', textFile: join(dir, 'title.txt'), seconds, output }),
    );
    const durations = await segmentsOf(output);
    expect(durations).toHaveLength(seconds / (segmentMs() / 1000));
    for (const duration of durations) expect(duration).toBeGreaterThanOrEqual(segmentMs() / 2);
  });
});

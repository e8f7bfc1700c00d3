import { probeOf, shippedPreset } from '../../../../test/support/media-fixtures';
import { launchCommand } from './ffmpeg-runner';
import { progressOf, ProgressParser } from './ffmpeg-progress';
import { planTranscode, rungsWithoutUpscaling } from './transcode-plan';

const tv = shippedPreset('tv-default');
const radio = shippedPreset('radio-default');

describe('planTranscode', () => {
  it('keeps the rungs it need not upscale to, and always the smallest', () => {
    const names = (w: number, h: number) => rungsWithoutUpscaling(tv.renditions, w, h).map((r) => r.name);
    expect(names(1920, 1080)).toEqual(['720p', '480p', '360p']);
    expect(names(1366, 768)).toEqual(['720p', '480p', '360p']);
    expect(names(1280, 536)).toEqual(['720p', '480p', '360p']);
    expect(names(854, 480)).toEqual(['480p', '360p']);
    expect(names(853, 481)).toEqual(['480p', '360p']);
    expect(names(360, 640)).toEqual(['480p', '360p']);
    expect(names(320, 240)).toEqual(['360p']);
  });

  it('explains every adaptation it makes', () => {
    const plan = planTranscode(tv, probeOf({ video: { width: 720, height: 576, displayWidth: 1024, displayHeight: 576, interlaced: true, fieldOrder: 'tt', frameRate: 25, averageFrameRate: 25, bitDepth: 10, rotation: 0 }, audio: { channels: 6, channelLayout: '5.1', sampleRate: 44100 } }));
    expect(plan.decisions).toEqual([
      'renditions 720p dropped: the source is only 1024x576 (never upscaled)',
      'deinterlaced (field order tt)',
      '10-bit video converted to 8-bit',
      '5.1 audio downmixed to stereo',
      'audio resampled from 44100 Hz to 48000 Hz',
      'loudness normalised to -23 LUFS',
    ]);
  });

  it('airs audio over a still on TV, silence under video without sound, and refuses silence on radio', () => {
    expect(planTranscode(tv, probeOf({ video: null })).video).toEqual({ kind: 'still' });
    expect(planTranscode(tv, probeOf({ audio: null })).audio).toEqual({ kind: 'silence' });
    expect(planTranscode(radio, probeOf()).video).toBeUndefined();
    expect(() => planTranscode(radio, probeOf({ audio: null }))).toThrow('The file has no audio, so it cannot air on the radio ladder radio-default.');
  });
});

describe('ffmpeg progress', () => {
  it('parses -progress blocks split anywhere, reading out_time_us', () => {
    const parser = new ProgressParser();
    expect(parser.push('frame=10\nout_time_us=400000\nout_time_ms=400000\nspe')).toEqual([]);
    expect(parser.push('ed=1.5x\nprogress=continue\nout_time_us=N/A\nprogress=end\n')).toEqual([
      { outTimeSeconds: 0.4, speed: 1.5, end: false },
      { outTimeSeconds: undefined, speed: undefined, end: true },
    ]);
  });

  it('turns position into a clamped percent and an ETA at the pace so far', () => {
    expect(progressOf(15, 60, 30)).toEqual({ percent: 25, etaSeconds: 90 });
    expect(progressOf(61, 60, 50)).toEqual({ percent: 100, etaSeconds: 0 });
    expect(progressOf(0, 60, 5)).toEqual({ percent: 0 });
  });
});

describe('launchCommand', () => {
  it('runs ffmpeg niced, dying with its parent where setpriv exists', () => {
    expect(launchCommand('/usr/bin/ffmpeg', ['-i', 'x'], { nice: 10, setpriv: '/usr/bin/setpriv' })).toEqual(['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--', 'nice', '-n', '10', '/usr/bin/ffmpeg', '-i', 'x']);
    expect(launchCommand('/usr/bin/ffmpeg', ['-i', 'x'], { nice: 0 })).toEqual(['/usr/bin/ffmpeg', '-i', 'x']);
  });
});

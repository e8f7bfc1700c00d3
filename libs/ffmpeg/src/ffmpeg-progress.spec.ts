import { progressOf, ProgressParser } from './ffmpeg-progress';

describe('ffmpeg progress', () => {
  it('parses -progress blocks split anywhere, reading out_time_us', () => {
    const parser = new ProgressParser();
    expect(parser.push('frame=10\nout_time_us=400000\nout_time_ms=400000\nspe')).toEqual([]);
    expect(parser.push('ed=1.5x\nprogress=continue\nout_time_us=N/A\nprogress=end\n')).toEqual([
      { outTimeSeconds: 0.4, speed: 1.5, frames: 10, end: false },
      { outTimeSeconds: undefined, speed: undefined, end: true },
    ]);
  });

  it('turns position into a clamped percent and an ETA at the pace so far', () => {
    expect(progressOf(15, 60, 30)).toEqual({ percent: 25, etaSeconds: 90 });
    expect(progressOf(61, 60, 50)).toEqual({ percent: 100, etaSeconds: 0 });
    expect(progressOf(0, 60, 5)).toEqual({ percent: 0 });
  });
});

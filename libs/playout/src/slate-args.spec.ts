import { slateArgs, slateSeconds } from './slate-args';

describe('slateArgs', () => {
  it('builds the TV slate exactly: SMPTE bars with the channel name from a file, silence, 12 s', () => {
    expect(
      slateArgs({ kind: 'tv', textFile: '/work/slate/title.txt', seconds: 12, output: '/work/slate/slate.mp4' }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'smptehdbars=size=1280x720:rate=25:duration=12',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=channel_layout=stereo:sample_rate=48000',
      '-vf',
      'drawtext=textfile=/work/slate/title.txt:fontsize=64:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=28:x=(w-text_w)/2:y=(h-text_h)/2',
      '-shortest',
      '-t',
      '12',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '/work/slate/slate.mp4',
    ]);
  });

  it('builds the radio slate exactly: 12 s of stereo silence', () => {
    expect(
      slateArgs({ kind: 'radio', textFile: '/work/slate/title.txt', seconds: 12, output: '/work/slate/slate.m4a' }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=channel_layout=stereo:sample_rate=48000',
      '-t',
      '12',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '/work/slate/slate.m4a',
    ]);
  });

  it('makes the slate a whole number of segments of about 12 s', () => {
    expect([6, 4, 5, 10, 2].map(slateSeconds)).toEqual([12, 12, 15, 20, 12]);
  });
});

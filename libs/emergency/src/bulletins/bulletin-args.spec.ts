import { bulletinSeconds, radioBulletinArgs, speechArgs, tvBulletinArgs, wrapText } from './bulletin-args';

const TONE = 'aevalsrc=0.4*sin(2*PI*853*t)+0.4*sin(2*PI*960*t):channel_layout=stereo:sample_rate=48000:duration=3';

describe('bulletin arguments', () => {
  it('makes a TV card of the severity colour with heading, message and the attention tone', () => {
    expect(
      tvBulletinArgs({ severity: 'extreme', headingFile: 'h.txt', messageFile: 'm.txt', seconds: 12, output: 'b.mp4' }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=c=0xB71C1C:size=1280x720:rate=25:duration=12',
      '-f',
      'lavfi',
      '-i',
      TONE,
      '-filter_complex',
      '[0:v]drawtext=textfile=h.txt:fontsize=60:fontcolor=white:x=(w-text_w)/2:y=90,' +
        'drawtext=textfile=m.txt:fontsize=40:line_spacing=14:fontcolor=white:x=(w-text_w)/2:y=(h-text_h)/2+40[v];' +
        '[1:a]apad=whole_dur=12[a]',
      '-map',
      '[v]',
      '-map',
      '[a]',
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
      'b.mp4',
    ]);
  });

  it('writes dark text on the moderate colour', () => {
    const args = tvBulletinArgs({ severity: 'moderate', headingFile: 'h', messageFile: 'm', seconds: 12, output: 'o' });
    expect(args[6]).toBe('color=c=0xF9A825:size=1280x720:rate=25:duration=12');
    expect(args[12]).toContain('fontcolor=black');
  });

  it('makes a radio bulletin of the tone and the spoken message', () => {
    expect(radioBulletinArgs({ speechFile: 'speech.wav', seconds: 18, output: 'b.m4a' })).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      TONE,
      '-i',
      'speech.wav',
      '-filter_complex',
      '[1:a]aresample=48000,aformat=channel_layouts=stereo[s];[0:a][s]concat=n=2:v=0:a=1,apad=whole_dur=18[a]',
      '-map',
      '[a]',
      '-t',
      '18',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      'b.m4a',
    ]);
  });

  it('makes a radio bulletin of the tone and silence without speech', () => {
    expect(radioBulletinArgs({ speechFile: null, seconds: 12, output: 'b.m4a' })).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      TONE,
      '-filter_complex',
      '[0:a]apad=whole_dur=12[a]',
      '-map',
      '[a]',
      '-t',
      '12',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      'b.m4a',
    ]);
  });

  it('speaks Indonesian with espeak-ng', () => {
    expect(speechArgs('m.txt', 's.wav')).toEqual(['-v', 'id', '-s', '150', '-f', 'm.txt', '-w', 's.wav']);
  });

  it('lasts whole segments, at least 12 s, long enough for the spoken message', () => {
    expect(bulletinSeconds(6, 0)).toBe(12);
    expect(bulletinSeconds(6, 120)).toBe(18);
    expect(bulletinSeconds(4, 0)).toBe(12);
    expect(bulletinSeconds(6, 300)).toBe(30);
  });

  it('wraps a message at spaces', () => {
    expect(wrapText('Gempa bumi magnitudo 6,2 mengguncang Pekalongan', 20)).toBe(
      'Gempa bumi magnitudo\n6,2 mengguncang\nPekalongan',
    );
    expect(wrapText('Satu\nDua tiga', 40)).toBe('Satu\nDua tiga');
  });
});

import { fitWithin, imageProbeArgs, LOGO_BOX, logoNormaliseArgs } from './logo-args';

describe('fitWithin', () => {
  it('scales a larger picture down to fit the box, keeping its aspect ratio', () => {
    expect(fitWithin({ width: 1920, height: 1080 }, LOGO_BOX)).toEqual({ width: 1280, height: 720 });
    expect(fitWithin({ width: 2000, height: 500 }, LOGO_BOX)).toEqual({ width: 1280, height: 320 });
    expect(fitWithin({ width: 1000, height: 1500 }, LOGO_BOX)).toEqual({ width: 480, height: 720 });
    expect(fitWithin({ width: 1601, height: 901 }, LOGO_BOX)).toEqual({ width: 1279, height: 720 });
  });

  it('never enlarges a smaller picture', () => {
    expect(fitWithin({ width: 400, height: 300 }, LOGO_BOX)).toEqual({ width: 400, height: 300 });
    expect(fitWithin({ width: 1280, height: 720 }, LOGO_BOX)).toEqual({ width: 1280, height: 720 });
  });

  it('keeps at least one pixel a side', () => {
    expect(fitWithin({ width: 4096, height: 1 }, LOGO_BOX)).toEqual({ width: 1280, height: 1 });
  });
});

describe('imageProbeArgs', () => {
  it('reads a local file with the demuxer of the sniffed format only', () => {
    expect(imageProbeArgs('/work/source.png', 'png')).toEqual([
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_streams',
      '-show_error',
      '-protocol_whitelist',
      'file',
      '-f',
      'png_pipe',
      '/work/source.png',
    ]);
    expect(imageProbeArgs('/work/source.jpeg', 'jpeg')).toEqual([
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_streams',
      '-show_error',
      '-protocol_whitelist',
      'file',
      '-f',
      'jpeg_pipe',
      '/work/source.jpeg',
    ]);
  });
});

describe('logoNormaliseArgs', () => {
  it('decodes strictly, scales, flattens onto black and writes one RGB PNG', () => {
    expect(
      logoNormaliseArgs({
        source: '/work/source.jpeg',
        format: 'jpeg',
        size: { width: 1280, height: 320 },
        output: '/work/logo.png',
      }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-loglevel',
      'error',
      '-xerror',
      '-err_detect',
      'explode',
      '-protocol_whitelist',
      'file',
      '-f',
      'jpeg_pipe',
      '-i',
      '/work/source.jpeg',
      '-filter_complex',
      '[0:v]scale=1280:320:flags=lanczos,format=rgba[logo];color=c=black:s=1280x320,format=rgba[ground];[ground][logo]overlay=shortest=1,format=rgb24',
      '-frames:v',
      '1',
      '-c:v',
      'png',
      '-f',
      'image2',
      '-update',
      '1',
      '/work/logo.png',
    ]);
  });
});

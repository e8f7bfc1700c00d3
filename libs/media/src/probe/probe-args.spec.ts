import { ffprobeArgs, SOURCE_DEMUXERS, STILL_PICTURE_DEMUXERS } from './probe-args';

describe('ffprobeArgs', () => {
  it('probes with JSON output, a network timeout and only media and still picture demuxers', () => {
    expect(ffprobeArgs('http://s3/x?sig')).toEqual([
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '-show_error',
      '-rw_timeout',
      '30000000',
      '-format_whitelist',
      `${SOURCE_DEMUXERS},png_pipe,jpeg_pipe,gif,webp_pipe,bmp_pipe,tiff_pipe`,
      'http://s3/x?sig',
    ]);
    expect(`${SOURCE_DEMUXERS},${STILL_PICTURE_DEMUXERS}`.split(',')).not.toEqual(
      expect.arrayContaining(['hls', 'concat']),
    );
  });
});

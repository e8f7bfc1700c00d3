import { interpretProbe, MediaRefusedError } from './media-probe';
import { inspectIsoBmff } from './iso-bmff';

const stream = (over: Record<string, unknown>) => ({
  index: 0,
  codec_type: 'video',
  codec_name: 'h264',
  width: 1920,
  height: 1080,
  r_frame_rate: '25/1',
  avg_frame_rate: '25/1',
  pix_fmt: 'yuv420p',
  ...over,
});
const format = { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.5', bit_rate: '8000000' };

function refusal(run: () => unknown): MediaRefusedError {
  try {
    run();
  } catch (error) {
    if (error instanceof MediaRefusedError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('interpretProbe', () => {
  it('reads duration, container, picture, frame rate, scan, rotation, bit depth and audio layout', () => {
    const probe = interpretProbe(
      {
        format,
        streams: [
          stream({
            field_order: 'tt',
            pix_fmt: 'yuv422p10le',
            side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }],
            r_frame_rate: '30/1',
            avg_frame_rate: '24/1',
          }),
          {
            index: 1,
            codec_type: 'audio',
            codec_name: 'ac3',
            sample_rate: '48000',
            channels: 6,
            channel_layout: '5.1(side)',
            tags: { language: 'ind' },
          },
        ],
      },
      1000,
    );
    expect(probe).toEqual({
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 12.5,
      sizeBytes: 1000,
      bitRate: 8000000,
      song: { artist: null, title: null, album: null, isrc: null },
      video: {
        index: 0,
        codec: 'h264',
        profile: undefined,
        width: 1920,
        height: 1080,
        displayWidth: 1080,
        displayHeight: 1920,
        rotation: 270,
        frameRate: 30,
        averageFrameRate: 24,
        variableFrameRate: true,
        interlaced: true,
        fieldOrder: 'tt',
        pixelFormat: 'yuv422p10le',
        bitDepth: 10,
        sampleAspectRatio: 1,
      },
      audio: { index: 1, codec: 'ac3', sampleRate: 48000, channels: 6, channelLayout: '5.1(side)' },
      coverArtIndex: undefined,
      audioTracks: [
        { index: 1, language: 'ind', channels: 6, codec: 'ac3', sampleRate: 48000, channelLayout: '5.1(side)' },
      ],
      streams: [
        { index: 0, type: 'video', codec: 'h264' },
        { index: 1, type: 'audio', codec: 'ac3' },
      ],
    });
  });

  it('sees anamorphic pixels, and cover art apart from video', () => {
    const dv = interpretProbe(
      { format, streams: [stream({ width: 720, height: 576, sample_aspect_ratio: '64:45' })] },
      1,
    );
    expect(dv.video).toMatchObject({ displayWidth: 1024, displayHeight: 576, sampleAspectRatio: 64 / 45 });
    const mp3 = interpretProbe(
      {
        format: { format_name: 'mp3', duration: '180' },
        streams: [
          { index: 0, codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 2 },
          stream({ index: 1, codec_name: 'mjpeg', disposition: { attached_pic: 1 } }),
        ],
      },
      1,
    );
    expect(mp3.video).toBeUndefined();
    expect(mp3.coverArtIndex).toBe(1);
  });

  it('refuses what cannot air, each with its code', () => {
    expect(
      refusal(() =>
        interpretProbe({ error: { code: -1094995529, string: 'Invalid data found when processing input' } }, 10),
      ),
    ).toMatchObject({ code: 'MEDIA_UNREADABLE', detail: 'Invalid data found when processing input' });
    expect(
      refusal(() =>
        interpretProbe({ format, streams: [{ index: 0, codec_type: 'subtitle', codec_name: 'subrip' }] }, 10),
      ).code,
    ).toBe('MEDIA_NO_STREAMS');
    expect(
      refusal(() =>
        interpretProbe(
          { format: { format_name: 'png_pipe', duration: '0.04' }, streams: [stream({ codec_name: 'png' })] },
          10,
        ),
      ).message,
    ).toBe('The file is a still picture, not audio or video.');
    expect(refusal(() => interpretProbe({ format: { format_name: 'mpegts' }, streams: [stream({})] }, 10)).code).toBe(
      'MEDIA_UNREADABLE',
    );
    expect(refusal(() => interpretProbe({ format, streams: [stream({ width: 0, height: 0 })] }, 10)).code).toBe(
      'MEDIA_UNREADABLE',
    );
  });
});

describe('inspectIsoBmff', () => {
  const box = (type: string, size: number) => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(size, 0);
    header.write(type, 4, 'latin1');
    return header;
  };
  /** A sparse file: headers at offsets, zeros elsewhere. */
  const reader = (boxes: Array<[number, Buffer]>) => async (offset: number, length: number) => {
    const out = Buffer.alloc(length);
    for (const [at, bytes] of boxes) if (at >= offset && at < offset + length) bytes.copy(out, at - offset);
    return out;
  };

  it('passes a complete file, either order of mdat and moov', async () => {
    expect(
      await inspectIsoBmff(
        reader([
          [0, box('ftyp', 32)],
          [32, box('mdat', 1000)],
          [1032, box('moov', 200)],
        ]),
        1232,
      ),
    ).toBe('complete');
    expect(
      await inspectIsoBmff(
        reader([
          [0, box('ftyp', 32)],
          [32, box('moov', 200)],
          [232, box('mdat', 1000)],
        ]),
        1232,
      ),
    ).toBe('complete');
  });

  it('finds the missing moov of a recording cut before its end', async () => {
    expect(
      await inspectIsoBmff(
        reader([
          [0, box('ftyp', 32)],
          [32, box('mdat', 1000)],
        ]),
        600,
      ),
    ).toBe('missing-moov');
  });

  it('finds media data cut short after a fast-start moov', async () => {
    expect(
      await inspectIsoBmff(
        reader([
          [0, box('ftyp', 32)],
          [32, box('moov', 200)],
          [232, box('mdat', 1000)],
        ]),
        700,
      ),
    ).toBe('truncated');
  });

  it('reads 64-bit box sizes, and leaves other containers alone', async () => {
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(5_000_000_000n, 8);
    expect(
      await inspectIsoBmff(
        reader([
          [0, box('ftyp', 32)],
          [32, large],
        ]),
        3_000_000_000,
      ),
    ).toBe('missing-moov');
    expect(
      await inspectIsoBmff(async () => Buffer.from('G@\u0000\u0010\u0000\u0000\u0000\u0000', 'latin1'), 188 * 100),
    ).toBe('not-iso-bmff');
  });
});

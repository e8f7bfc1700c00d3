import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedPreset } from '../../../../test/support/media-fixtures';
import { avcCodecString, renditionCodecs } from './codec-strings';
import { parseLadderPreset } from './ladder-preset';
import { builtInLadderDir, loadLadderPresets } from './ladder-presets';

describe('ladder presets', () => {
  it('ships tv-default and radio-default as the issue defines them', () => {
    const tv = shippedPreset('tv-default');
    expect(tv.video).toEqual({ fps: 25, gopSeconds: 2, x264Preset: 'veryfast' });
    expect(tv.segmentSeconds).toBe(6);
    expect(
      tv.renditions.map((r) => [r.name, r.video?.width, r.video?.height, r.video?.bitrateKbps, r.audioBitrateKbps]),
    ).toEqual([
      ['720p', 1280, 720, 3000, 128],
      ['480p', 854, 480, 1400, 128],
      ['360p', 640, 360, 800, 128],
    ]);
    expect(tv.audio.loudness.integratedLufs).toBe(-23);
    const radio = shippedPreset('radio-default');
    expect(radio.renditions.map((r) => [r.name, r.audioBitrateKbps, r.video])).toEqual([
      ['audio-128k', 128, undefined],
      ['audio-64k', 64, undefined],
    ]);
    expect(radio.audio.loudness.integratedLufs).toBe(-16);
  });

  it('derives CODECS from profile and level, as x264 writes them', () => {
    expect(avcCodecString('high', '3.1')).toBe('avc1.64001f');
    expect(avcCodecString('main', '3.0')).toBe('avc1.4d401e');
    expect(avcCodecString('baseline', '3.0')).toBe('avc1.42c01e');
    expect(shippedPreset('tv-default').renditions.map(renditionCodecs)).toEqual([
      'avc1.64001f,mp4a.40.2',
      'avc1.4d401e,mp4a.40.2',
      'avc1.4d401e,mp4a.40.2',
    ]);
    expect(renditionCodecs(shippedPreset('radio-default').renditions[0])).toBe('mp4a.40.2');
  });

  it('names every problem of a bad preset file', () => {
    const bad = {
      name: 'TV HD',
      segmentSeconds: 5,
      video: { fps: 25, gopSeconds: 2, x264Preset: 'placebo' },
      audio: { sampleRate: 48000, channels: 2, loudness: { integratedLufs: -23, truePeakDbtp: -1, rangeLu: 11 } },
      renditions: [],
    };
    expect(() => parseLadderPreset(bad, 'x.json')).toThrow(
      /ladder preset x\.json is invalid:[\s\S]*name: name must be lower-case[\s\S]*x264Preset[\s\S]*renditions/,
    );
    const odd = {
      ...bad,
      name: 'tv-odd',
      segmentSeconds: 5,
      video: { fps: 25, gopSeconds: 2, x264Preset: 'veryfast' },
      renditions: [
        {
          name: 'a',
          audioBitrateKbps: 96,
          video: {
            width: 853,
            height: 480,
            bitrateKbps: 900,
            maxrateKbps: 800,
            bufsizeKbps: 1800,
            profile: 'main',
            level: '3.0',
          },
        },
      ],
    };
    expect(() => parseLadderPreset(odd, 'odd.json')).toThrow(
      /width and height must be even[\s\S]*maxrateKbps must be at least bitrateKbps[\s\S]*segmentSeconds: must be a whole number of GOPs/,
    );
  });

  it('lets LADDER_PRESETS_DIR add presets and replace built-in ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ladders-'));
    try {
      const radio = {
        ...JSON.parse(JSON.stringify(shippedPreset('radio-default'))),
        renditions: [{ name: 'audio-96k', audioBitrateKbps: 96 }],
      };
      writeFileSync(join(dir, 'radio-default.json'), JSON.stringify(radio));
      writeFileSync(
        join(dir, 'radio-mono.json'),
        JSON.stringify({ ...radio, name: 'radio-mono', audio: { ...radio.audio, channels: 1 } }),
      );
      const presets = loadLadderPresets(builtInLadderDir(), dir);
      expect([...presets.keys()].sort()).toEqual(['radio-default', 'radio-mono', 'tv-default']);
      expect(presets.get('radio-default')?.renditions.map((r) => r.name)).toEqual(['audio-96k']);
      writeFileSync(join(dir, 'misnamed.json'), JSON.stringify({ ...radio, name: 'other' }));
      expect(() => loadLadderPresets(builtInLadderDir(), dir)).toThrow(/is named "other": name the file other\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

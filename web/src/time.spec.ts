import { dayRange, formatDay, formatTime, progressAt, zoneLabel, zoneOffsetMs } from './time';

const at = (iso: string) => Date.parse(iso);

describe('times in the channel time zone', () => {
  it('names Indonesian zones as residents do, in both languages', () => {
    expect(zoneLabel('Asia/Jakarta', 'id-ID', at('2025-01-01T00:00:00Z'))).toBe('WIB');
    expect(zoneLabel('Asia/Jakarta', 'en-GB', at('2025-01-01T00:00:00Z'))).toBe('WIB');
    expect(zoneLabel('Asia/Makassar', 'id-ID', at('2025-01-01T00:00:00Z'))).toBe('WITA');
    expect(zoneLabel('Asia/Jayapura', 'en-GB', at('2025-01-01T00:00:00Z'))).toBe('WIT');
    expect(zoneLabel('Europe/London', 'en-GB', at('2025-07-01T00:00:00Z'))).toBe('BST');
  });

  it('formats clock times in the zone with each language’s separator', () => {
    expect(formatTime(at('2025-01-01T07:30:00Z'), 'Asia/Jakarta', 'id-ID')).toBe('14.30');
    expect(formatTime(at('2025-01-01T07:30:00Z'), 'Asia/Jakarta', 'en-GB')).toBe('14:30');
    expect(formatTime(at('2025-01-01T17:05:00Z'), 'Asia/Jakarta', 'id-ID')).toBe('00.05');
  });

  it('names the local day, which can differ from the UTC one', () => {
    expect(formatDay(at('2025-01-01T20:00:00Z'), 'Asia/Jakarta', 'id-ID')).toBe('Kamis, 2 Januari 2025');
    // Punctuation varies between ICU versions.
    expect(formatDay(at('2025-01-01T20:00:00Z'), 'Asia/Jakarta', 'en-GB')).toMatch(/^Thursday,? 2 January 2025$/);
  });

  it('gives the zone offset', () => {
    expect(zoneOffsetMs(at('2025-06-01T12:00:00Z'), 'Asia/Jakarta')).toBe(7 * 3600000);
    expect(zoneOffsetMs(at('2025-06-01T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('finds today and tomorrow from local midnight to local midnight (WIB)', () => {
    // 03:00 WIB on 2 January.
    const now = at('2025-01-01T20:00:00Z');
    expect(dayRange(now, 'Asia/Jakarta', 0)).toEqual({
      from: at('2025-01-01T17:00:00Z'),
      to: at('2025-01-02T17:00:00Z'),
    });
    expect(dayRange(now, 'Asia/Jakarta', 1)).toEqual({
      from: at('2025-01-02T17:00:00Z'),
      to: at('2025-01-03T17:00:00Z'),
    });
    // Across a month and a year end.
    expect(dayRange(at('2025-12-31T18:00:00Z'), 'Asia/Jakarta', 0).from).toBe(at('2025-12-31T17:00:00Z'));
    expect(dayRange(at('2025-12-31T16:59:59Z'), 'Asia/Jakarta', 1).from).toBe(at('2025-12-31T17:00:00Z'));
  });

  it('keeps days of 23 and 25 hours where daylight saving time changes', () => {
    expect(dayRange(at('2025-03-30T12:00:00Z'), 'Europe/Berlin', 0)).toEqual({
      from: at('2025-03-29T23:00:00Z'),
      to: at('2025-03-30T22:00:00Z'),
    });
    expect(dayRange(at('2025-10-26T12:00:00Z'), 'Europe/Berlin', 0)).toEqual({
      from: at('2025-10-25T22:00:00Z'),
      to: at('2025-10-26T23:00:00Z'),
    });
  });

  it('measures the progress of a programme, clamped, and none without an end', () => {
    expect(progressAt(1000, 3000, 2000)).toBe(0.5);
    expect(progressAt(1000, 3000, 500)).toBe(0);
    expect(progressAt(1000, 3000, 9000)).toBe(1);
    expect(progressAt(1000, null, 2000)).toBe(0);
  });
});

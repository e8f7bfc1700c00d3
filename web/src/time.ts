/** Times shown to residents are in the channel's time zone; these helpers stay pure (no current time inside). */

const INDONESIAN_ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** WIB, WITA or WIT for Indonesian zones (in every language), else the locale's short zone name. */
export function zoneLabel(timeZone: string, locale: string, at: number): string {
  const indonesian = INDONESIAN_ZONES[timeZone];
  if (indonesian) return indonesian;
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

export function formatTime(at: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

export function formatDay(at: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}

/** A day tab's name: the short weekday and the day of the month ("Sen 8", "Mon 8"). */
export function formatWeekday(at: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric' }).format(at);
}

function wallClock(
  at: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

/** Milliseconds the zone is ahead of UTC at that instant (+7 h for WIB). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/** The instant of local midnight starting the given calendar day in the zone. */
function midnight(year: number, month: number, day: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day);
  const guess = asUtc - zoneOffsetMs(asUtc, timeZone);
  // Across a daylight-saving change the offset at the guess can differ from the one at midnight.
  return asUtc - zoneOffsetMs(guess, timeZone);
}

/** [start, end) of the local calendar day `dayOffset` days after the one containing `at`. */
export function dayRange(at: number, timeZone: string, dayOffset: number): { from: number; to: number } {
  const w = wallClock(at, timeZone);
  return {
    from: midnight(w.year, w.month, w.day + dayOffset, timeZone),
    to: midnight(w.year, w.month, w.day + dayOffset + 1, timeZone),
  };
}

/** Share of [start, end) elapsed at `at`, from 0 to 1; 0 when the end is unknown. */
export function progressAt(start: number, end: number | null, at: number): number {
  if (end === null || end <= start) return 0;
  return Math.min(1, Math.max(0, (at - start) / (end - start)));
}

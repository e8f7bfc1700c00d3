import { FIRST_YEAR, LAST_YEAR } from '@siaran/core';

/**
 * Wall-clock times: what a clock on the studio wall shows, without a time zone. They are
 * kept as milliseconds since 1970-01-01T00:00 *as if* that wall time were UTC, so calendar
 * arithmetic is plain integer arithmetic. `TimeZone` turns them into instants.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface CivilDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

export const dayOfWall = (wall: number) => Math.floor(wall / DAY_MS);
export const timeOfDayOfWall = (wall: number) => wall - dayOfWall(wall) * DAY_MS;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses `2026-12-01T19:00` or `2026-12-01T19:00:00` (no offset, no fraction, years 1970-2199); undefined when it is not a real calendar date-time. */
export function parseWallTime(text: string): number | undefined {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (
    year < FIRST_YEAR ||
    year > LAST_YEAR ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `2026-12-01T19:00:00`, the one form in which wall times leave the system. */
export function formatWallTime(wall: number): string {
  const { year, month, day } = civilFromDays(dayOfWall(wall));
  const seconds = Math.floor(timeOfDayOfWall(wall) / 1000);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** PostgreSQL's text form of a `timestamp` (`2026-12-01 19:00:00`) is read by `parseWallTime` too. */
export function wallTimeFromDatabase(text: string): number {
  const wall = parseWallTime(text);
  if (wall === undefined) throw new Error(`unexpected timestamp from the database: ${text}`);
  return wall;
}

import { IANAZone } from 'luxon';
import { BoundedCache } from '@siaran/core';
import { civilFromDays, DAY_MS, dayOfWall, MINUTE_MS, timeOfDayOfWall } from './wall-time';

export interface ResolvedWallTime {
  instant: number;
  /** False for a wall time skipped by a daylight-saving jump; `instant` is then the same time after the jump. */
  exists: boolean;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** No zone changes its offset and back within this many days (the shortest, Morocco's Ramadan, lasts about 29). */
const BLOCK_DAYS = 16;
/** Block or day offsets kept per zone. */
const OFFSETS_KEPT = 100_000;

/**
 * An IANA time zone, fast: expanding schedules converts many wall times, so offsets are
 * looked up once per 16-day block, then per day in the rare blocks with a transition,
 * and exactly only on the day of one.
 */
export class TimeZone {
  /**
   * One zone per name for the whole process, pure functions included (expansion, XMLTV):
   * a zone and the offsets it learns are a pure function of its name. The bound is above
   * the IANA database's 600 or so names.
   */
  private static readonly zones = new BoundedCache<string, TimeZone>(1000);
  private readonly zone: IANAZone;
  /** Block or UTC day → the offset in minutes throughout it, or null when it changes within. */
  private readonly blockOffsets = new BoundedCache<number, number | null>(OFFSETS_KEPT);
  private readonly dayOffsets = new BoundedCache<number, number | null>(OFFSETS_KEPT);
  private dst?: boolean;

  private constructor(readonly name: string) {
    this.zone = IANAZone.create(name);
  }

  static isValid(name: string): boolean {
    return typeof name === 'string' && IANAZone.isValidZone(name) && !/^(utc|gmt)?[+-]/i.test(name);
  }

  /** The zone's canonical spelling (`asia/jakarta` → `Asia/Jakarta`), or undefined when it is not an IANA zone. */
  static canonicalName(name: string): string | undefined {
    if (!TimeZone.isValid(name)) return undefined;
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  }

  static of(name: string): TimeZone {
    let zone = TimeZone.zones.get(name);
    if (!zone) {
      if (!TimeZone.isValid(name)) throw new Error(`not an IANA time zone: ${name}`);
      zone = new TimeZone(name);
      TimeZone.zones.set(name, zone);
    }
    return zone;
  }

  /** Minutes east of UTC at an instant (+420 for WIB). */
  offsetAt(instant: number): number {
    const block = this.constantOffset(
      this.blockOffsets,
      Math.floor(instant / (BLOCK_DAYS * DAY_MS)),
      BLOCK_DAYS * DAY_MS,
    );
    if (block !== null) return block;
    return this.constantOffset(this.dayOffsets, Math.floor(instant / DAY_MS), DAY_MS) ?? this.zone.offset(instant);
  }

  private constantOffset(cache: BoundedCache<number, number | null>, index: number, length: number): number | null {
    let offset = cache.get(index);
    if (offset === undefined) {
      const first = this.zone.offset(index * length);
      offset = first === this.zone.offset((index + 1) * length - 1) ? first : null;
      cache.set(index, offset);
    }
    return offset;
  }

  /**
   * The instant a wall time names. Of an ambiguous wall time (clocks set back) the first
   * one; a skipped one (clocks set forward) resolves to the same distance after the jump.
   */
  resolve(wall: number): ResolvedWallTime {
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    if (before === after) return { instant: wall - before * MINUTE_MS, exists: true };
    const candidates = [before, after]
      .map((offset) => wall - offset * MINUTE_MS)
      .filter((instant) => this.offsetAt(instant) * MINUTE_MS === wall - instant);
    if (candidates.length === 0) return { instant: wall - before * MINUTE_MS, exists: false };
    return { instant: Math.min(...candidates), exists: true };
  }

  toInstant(wall: number): number {
    return this.resolve(wall).instant;
  }

  toWall(instant: number): number {
    return instant + this.offsetAt(instant) * MINUTE_MS;
  }

  /** ISO 8601 with the zone's offset: `2026-12-01T19:00:00+07:00`. */
  formatIso(instant: number): string {
    const offset = this.offsetAt(Math.floor(instant / 1000) * 1000);
    return `${formatWallParts(instant + offset * MINUTE_MS, '-', 'T', ':')}${formatOffset(offset, ':')}`;
  }

  /** The same with milliseconds, for times that are not on whole seconds (segment boundaries): `2026-12-01T19:00:00.016+07:00`. */
  formatIsoMillis(instant: number): string {
    const offset = this.offsetAt(Math.floor(instant / 1000) * 1000);
    const millis = String(((instant % 1000) + 1000) % 1000).padStart(3, '0');
    return `${formatWallParts(instant + offset * MINUTE_MS, '-', 'T', ':')}.${millis}${formatOffset(offset, ':')}`;
  }

  /** XMLTV's form: `20261201190000 +0700`. */
  formatXmltv(instant: number): string {
    const offset = this.offsetAt(Math.floor(instant / 1000) * 1000);
    return `${formatWallParts(instant + offset * MINUTE_MS, '', '', '')} ${formatOffset(offset, '')}`;
  }

  /** Whether the zone changes its offset within two years of `instant` (daylight-saving time). */
  observesDst(instant: number): boolean {
    if (this.dst === undefined) {
      const first = this.zone.offset(instant);
      this.dst = false;
      for (let day = 15; day < 2 * 366; day += 15)
        if (this.zone.offset(instant + day * DAY_MS) !== first) this.dst = true;
    }
    return this.dst;
  }
}

function formatWallParts(
  wall: number,
  dateSeparator: string,
  dateTimeSeparator: string,
  timeSeparator: string,
): string {
  const { year, month, day } = civilFromDays(dayOfWall(wall));
  const seconds = Math.floor(timeOfDayOfWall(wall) / 1000);
  const date = [String(year).padStart(4, '0'), pad(month), pad(day)].join(dateSeparator);
  const time = [pad(Math.floor(seconds / 3600)), pad(Math.floor(seconds / 60) % 60), pad(seconds % 60)].join(
    timeSeparator,
  );
  return `${date}${dateTimeSeparator}${time}`;
}

function formatOffset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

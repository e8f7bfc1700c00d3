import { type Series } from '../recurrence/series';
import { type TimeZone } from '../time/time-zone';
import { DAY_MS, dayOfWall, MINUTE_MS } from '../time/wall-time';

/** Longest airing: an occurrence starting more than this before a range cannot reach into it. */
export const MAX_DURATION_MS = DAY_MS;
/** Largest UTC offset of any zone, and then some: bounds wall days around an instant. */
const MAX_OFFSET_MS = 15 * 60 * MINUTE_MS;

/** One occurrence of a series cancelled or changed. `T` carries what the engine need not know (programme, source). */
export interface OccurrenceException<T = unknown> {
  originalStartWall: number;
  /** Null when cancelled. */
  override: { startWall: number; durationMs: number; payload: T } | null;
}

export interface ExpandedOccurrence<T = unknown> {
  entryId: string;
  originalStartWall: number;
  start: number;
  end: number;
  /** The override's payload when this occurrence was changed. */
  override?: T;
}

/** A schedule entry as far as timing goes: its series, its duration and its exceptions. */
export class PlannedEntry<T = unknown> {
  private readonly byOriginal = new Map<number, OccurrenceException<T>>();

  constructor(
    readonly id: string,
    readonly series: Series,
    readonly durationMs: number,
    readonly exceptions: readonly OccurrenceException<T>[] = [],
  ) {
    for (const exception of exceptions) this.byOriginal.set(exception.originalStartWall, exception);
  }

  exceptionAt(originalStartWall: number): OccurrenceException<T> | undefined {
    return this.byOriginal.get(originalStartWall);
  }

  /** Occurrences overlapping [from, to) (instants), exceptions applied, sorted by start. */
  expand(zone: TimeZone, from: number, to: number): Array<ExpandedOccurrence<T>> {
    const occurrences: Array<ExpandedOccurrence<T>> = [];
    const fromDay = dayOfWall(from - MAX_DURATION_MS - MAX_OFFSET_MS);
    const toDay = dayOfWall(to + MAX_OFFSET_MS);
    for (const wall of this.series.startsOnDays(fromDay, toDay)) {
      if (this.byOriginal.has(wall)) continue;
      const start = zone.toInstant(wall);
      const end = start + this.durationMs;
      if (start < to && end > from) occurrences.push({ entryId: this.id, originalStartWall: wall, start, end });
    }
    for (const exception of this.exceptions) {
      if (!exception.override) continue;
      const start = zone.toInstant(exception.override.startWall);
      const end = start + exception.override.durationMs;
      if (start < to && end > from)
        occurrences.push({
          entryId: this.id,
          originalStartWall: exception.originalStartWall,
          start,
          end,
          override: exception.override.payload,
        });
    }
    return occurrences.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /**
   * From the earliest start to the latest end of any occurrence (end null while the series
   * has no end). Kept in the database so that reads load only the entries a range touches.
   */
  span(zone: TimeZone): { start: number; end: number | null } {
    let start = zone.toInstant(this.series.startWall);
    let end = this.series.lastStartWall === null ? null : zone.toInstant(this.series.lastStartWall) + this.durationMs;
    for (const exception of this.exceptions) {
      if (!exception.override) continue;
      const overrideStart = zone.toInstant(exception.override.startWall);
      start = Math.min(start, overrideStart);
      if (end !== null) end = Math.max(end, overrideStart + exception.override.durationMs);
    }
    return { start, end };
  }

  /** The last instant any exception speaks of; after it the series is pure pattern again. */
  lastExceptionInstant(zone: TimeZone): number {
    let last = -Infinity;
    for (const exception of this.exceptions) {
      last = Math.max(last, zone.toInstant(exception.originalStartWall));
      if (exception.override)
        last = Math.max(last, zone.toInstant(exception.override.startWall) + exception.override.durationMs);
    }
    return last;
  }
}

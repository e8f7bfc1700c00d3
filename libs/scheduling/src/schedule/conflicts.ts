import { CALENDAR_CYCLE_DAYS, lcm } from '../recurrence/series';
import { type TimeZone } from '../time/time-zone';
import { DAY_MS } from '../time/wall-time';
import { type ExpandedOccurrence, MAX_DURATION_MS, type PlannedEntry } from './planned-entry';

export interface ConflictingOccurrence {
  entryId: string;
  start: number;
  end: number;
}

/** Two years: every daylight-saving change of a zone's current rules is seen twice. */
const DST_HORIZON_DAYS = 2 * 366;

/**
 * The occurrences of `others` (and of the candidate itself) that would overlap an
 * occurrence of `candidate`. Back-to-back is not an overlap.
 *
 * Two endless series cannot be compared occurrence by occurrence, so each pair is compared
 * from the later first start until one joint period has passed after the last exception
 * of either (the least common multiple of their periods: `Series.periodDays`), plus two
 * days for airings across midnight, and at least two years in zones with daylight-saving
 * time. Their wall-clock patterns repeat after that, so a conflict that exists shows up in
 * the window. The joint period is capped at 28 years, which is exact for every daily and
 * weekly pattern and for monthly ones with INTERVAL 1, 2, 3, 4, 6, 7, 8 or 12.
 */
export function findConflicts<T>(
  candidate: PlannedEntry<T>,
  others: ReadonlyArray<PlannedEntry<T>>,
  zone: TimeZone,
  limit = 20,
): ConflictingOccurrence[] {
  const conflicts: ConflictingOccurrence[] = [];
  for (const other of [candidate, ...others]) {
    const window = comparisonWindow(candidate, other, zone);
    if (!window) continue;
    const mine = candidate.expand(zone, window.from, window.to);
    const theirs = other === candidate ? mine : other.expand(zone, window.from, window.to);
    for (const occurrence of overlapping(mine, theirs, other === candidate)) {
      conflicts.push({ entryId: other.id, start: occurrence.start, end: occurrence.end });
      if (conflicts.length >= limit) return conflicts;
    }
  }
  return conflicts;
}

export function comparisonWindow(
  a: PlannedEntry<unknown>,
  b: PlannedEntry<unknown>,
  zone: TimeZone,
): { from: number; to: number } | null {
  const spanA = a.span(zone);
  const spanB = b.span(zone);
  const from = Math.max(spanA.start, spanB.start);
  let to = Math.min(spanA.end ?? Infinity, spanB.end ?? Infinity);
  if (a.series.isRecurring && b.series.isRecurring) {
    const periodA = a.series.periodDays();
    const periodB = b.series.periodDays();
    let horizonDays = Math.min(lcm(periodA, periodB), CALENDAR_CYCLE_DAYS) + 2;
    if (zone.observesDst(from)) horizonDays = Math.max(horizonDays, DST_HORIZON_DAYS);
    const patternFrom = Math.max(from, a.lastExceptionInstant(zone), b.lastExceptionInstant(zone));
    to = Math.min(to, patternFrom + horizonDays * DAY_MS);
  }
  return from < to ? { from: from - MAX_DURATION_MS, to } : null;
}

/** The occurrences of `theirs` overlapping one of `mine`; both sorted by start. */
function overlapping<T>(
  mine: Array<ExpandedOccurrence<T>>,
  theirs: Array<ExpandedOccurrence<T>>,
  same: boolean,
): Array<ExpandedOccurrence<T>> {
  const found = new Set<ExpandedOccurrence<T>>();
  let first = 0;
  for (const occurrence of mine) {
    while (first < theirs.length && theirs[first].start + MAX_DURATION_MS <= occurrence.start) first += 1;
    for (let i = first; i < theirs.length && theirs[i].start < occurrence.end; i += 1) {
      const other = theirs[i];
      if (same && other === occurrence) continue;
      if (other.end > occurrence.start) found.add(other);
    }
  }
  return [...found].sort((a, b) => a.start - b.start);
}

/**
 * The channel timeline: which segment of which asset airs when. Pure functions over plain
 * data, so that every API replica and worker derives the same answer from durable state.
 *
 * Times are milliseconds since the Unix epoch.
 */

/** A scheduled occurrence as playout sees it: `assetId` is null when its source cannot air. */
export interface PlannedOccurrence {
  key: string;
  entryId: string;
  start: number;
  end: number;
  assetId: string | null;
}

/** A ready asset variant of the channel's preset: the duration of each of its segments. */
export interface VariantTimeline {
  assetId: string;
  segmentDurationsMs: number[];
}

export type ItemKind = 'programme' | 'filler';

export interface CurrentItem {
  itemId: string;
  kind: ItemKind;
  occurrenceKey: string | null;
  entryId: string | null;
  assetId: string;
  nextIndex: number;
  /** For filler: the occurrence it stands in for, if any. */
  standsInFor: string | null;
}

/** Where a channel's timeline ends so far; persisted after every extension. */
export interface PlayoutCursor {
  /** Start time of the next segment to plan. */
  at: number;
  nextMsn: number;
  /** Discontinuity tags placed so far. */
  discontinuities: number;
  current: CurrentItem | null;
  /** Occurrences that ended early (ran short or were skipped): they never restart. */
  finishedKeys: string[];
  /** The next segment must carry a discontinuity (after an outage or a skip). */
  pendingDiscontinuity: boolean;
}

export interface PlannedSegment {
  msn: number;
  startAt: number;
  durationMs: number;
  discontinuity: boolean;
  /** Discontinuity tags up to and including this segment. */
  discontinuitySeq: number;
  itemId: string;
  assetId: string;
  segmentIndex: number;
}

export type ItemReason = 'scheduled' | 'nothing-scheduled' | 'source-not-ready' | 'programme-ended-early';

export interface StartedItem {
  itemId: string;
  kind: ItemKind;
  occurrenceKey: string | null;
  entryId: string | null;
  assetId: string;
  startedAt: number;
  /** For filler: why nothing else airs. */
  reason: ItemReason;
  /** The scheduled occurrence the filler stands in for, if any. */
  standsInFor: string | null;
}

export interface PlanContext {
  /** Sorted by start; every occurrence overlapping [cursor.at, horizon]. */
  occurrences: PlannedOccurrence[];
  variants: ReadonlyMap<string, VariantTimeline>;
  filler: VariantTimeline | null;
  nominalSegmentMs: number;
  newItemId: () => string;
}

export interface PlanResult {
  cursor: PlayoutCursor;
  segments: PlannedSegment[];
  startedItems: StartedItem[];
  /** End time of every item that aired in this extension (the last one may go on). */
  itemEnds: Map<string, number>;
  /** False when nothing at all can air (no ready source and no filler): the channel is off air. */
  onAir: boolean;
}

type Wanted =
  | { kind: 'programme'; occurrence: PlannedOccurrence; variant: VariantTimeline }
  | { kind: 'filler'; variant: VariantTimeline | null; reason: ItemReason; standsInFor: PlannedOccurrence | null };

function wantedAt(time: number, context: PlanContext, finished: ReadonlySet<string>): Wanted {
  const occurrence = context.occurrences.find((o) => o.start <= time && time < o.end && !finished.has(o.key));
  if (!occurrence) return { kind: 'filler', variant: context.filler, reason: 'nothing-scheduled', standsInFor: null };
  const variant = occurrence.assetId ? context.variants.get(occurrence.assetId) : undefined;
  if (!variant) return { kind: 'filler', variant: context.filler, reason: 'source-not-ready', standsInFor: occurrence };
  return { kind: 'programme', occurrence, variant };
}

function continues(current: CurrentItem, wanted: Wanted): boolean {
  if (wanted.kind === 'programme')
    return current.kind === 'programme' && current.occurrenceKey === wanted.occurrence.key;
  // Filler standing in for a programme is an item of its own, so the as-run log and now-playing say so.
  return (
    current.kind === 'filler' &&
    wanted.variant !== null &&
    current.assetId === wanted.variant.assetId &&
    current.standsInFor === (wanted.standsInFor?.key ?? null)
  );
}

/** A timeline ending at `end` needs no extension yet: it reaches at least half the lookahead past `now`. */
export function reachesFarEnough(end: number, now: number, lookaheadMs: number): boolean {
  return end >= now + lookaheadMs / 2;
}

/**
 * Whether planning a channel again could change its timeline: it does not reach far enough
 * ahead, or what it was last planned from (`plannedFrom`) differs from its `sources` now.
 */
export function needsPlanning(
  timeline: { end: number | null; plannedFrom: string | null },
  sources: string,
  now: number,
  lookaheadMs: number,
): boolean {
  return timeline.end === null || !reachesFarEnough(timeline.end, now, lookaheadMs) || timeline.plannedFrom !== sources;
}

/**
 * Extends the timeline from `cursor` until it reaches `horizon`.
 *
 * Switching rule: items change only at segment boundaries. At each boundary the item wanted at
 * the midpoint of the next segment airs, so a programme that overruns its slot is cut at the
 * boundary nearest the slot end, and a programme starts at the boundary nearest its start.
 * A programme that runs short is followed by filler; filler loops. Every item change, loop
 * and outage gets a discontinuity.
 */
export function planUntil(cursorIn: PlayoutCursor, horizon: number, context: PlanContext): PlanResult {
  const cursor: PlayoutCursor = {
    ...cursorIn,
    current: cursorIn.current && { ...cursorIn.current },
    finishedKeys: [...cursorIn.finishedKeys],
  };
  const finished = new Set(cursor.finishedKeys);
  const segments: PlannedSegment[] = [];
  const startedItems: StartedItem[] = [];
  const itemEnds = new Map<string, number>();
  const variantOf = (assetId: string) =>
    context.filler?.assetId === assetId ? context.filler : context.variants.get(assetId);

  const emit = (item: CurrentItem, variant: VariantTimeline, discontinuity: boolean) => {
    const marked = discontinuity || cursor.pendingDiscontinuity;
    if (marked) cursor.discontinuities += 1;
    const durationMs = variant.segmentDurationsMs[item.nextIndex];
    segments.push({
      msn: cursor.nextMsn,
      startAt: cursor.at,
      durationMs,
      discontinuity: marked,
      discontinuitySeq: cursor.discontinuities,
      itemId: item.itemId,
      assetId: item.assetId,
      segmentIndex: item.nextIndex,
    });
    cursor.nextMsn += 1;
    cursor.at += durationMs;
    cursor.pendingDiscontinuity = false;
    item.nextIndex += 1;
    itemEnds.set(item.itemId, cursor.at);
  };

  while (cursor.at < horizon) {
    const current = cursor.current;
    const currentVariant = current ? variantOf(current.assetId) : undefined;
    const nextDuration = current && currentVariant ? currentVariant.segmentDurationsMs[current.nextIndex] : undefined;
    let wanted = wantedAt(cursor.at + (nextDuration ?? context.nominalSegmentMs) / 2, context, finished);

    if (current && currentVariant && nextDuration !== undefined && continues(current, wanted)) {
      emit(current, currentVariant, false);
      continue;
    }
    if (current?.kind === 'filler' && currentVariant && nextDuration === undefined && continues(current, wanted)) {
      current.nextIndex = 0;
      emit(current, currentVariant, true);
      continue;
    }

    let ranShort = false;
    if (current?.kind === 'programme' && current.occurrenceKey) {
      // Whether cut at its slot end or run out of segments, this occurrence is over.
      ranShort = nextDuration === undefined;
      finished.add(current.occurrenceKey);
      if (ranShort) wanted = wantedAt(cursor.at + context.nominalSegmentMs / 2, context, finished);
    }

    let next: { item: CurrentItem; variant: VariantTimeline; started: StartedItem } | null = null;
    while (!next && wanted.kind === 'programme') {
      const { occurrence, variant } = wanted;
      const offset = cursor.at - occurrence.start;
      // Joining a programme already in progress (after an outage, a skip, or a late schedule edit).
      const index = offset < context.nominalSegmentMs / 2 ? 0 : Math.round(offset / context.nominalSegmentMs);
      const firstDuration = variant.segmentDurationsMs[index];
      if (firstDuration !== undefined && cursor.at + firstDuration / 2 <= occurrence.end) {
        const itemId = context.newItemId();
        const item: CurrentItem = {
          itemId,
          kind: 'programme',
          occurrenceKey: occurrence.key,
          entryId: occurrence.entryId,
          assetId: variant.assetId,
          nextIndex: index,
          standsInFor: null,
        };
        next = {
          item,
          variant,
          started: {
            itemId,
            kind: 'programme',
            occurrenceKey: occurrence.key,
            entryId: occurrence.entryId,
            assetId: item.assetId,
            startedAt: cursor.at,
            reason: 'scheduled',
            standsInFor: null,
          },
        };
      } else {
        // Over already, or its slot is too short for one segment: it cannot air.
        finished.add(occurrence.key);
        const reconsidered = wantedAt(cursor.at + context.nominalSegmentMs / 2, context, finished);
        wanted =
          reconsidered.kind === 'filler' && firstDuration === undefined
            ? { ...reconsidered, reason: 'programme-ended-early' }
            : reconsidered;
      }
    }
    if (!next && wanted.kind === 'filler') {
      if (!wanted.variant) break;
      const itemId = context.newItemId();
      const reason: ItemReason = ranShort ? 'programme-ended-early' : wanted.reason;
      const standsInFor = wanted.standsInFor?.key ?? null;
      const item: CurrentItem = {
        itemId,
        kind: 'filler',
        occurrenceKey: null,
        entryId: null,
        assetId: wanted.variant.assetId,
        nextIndex: 0,
        standsInFor,
      };
      next = {
        item,
        variant: wanted.variant,
        started: {
          itemId,
          kind: 'filler',
          occurrenceKey: null,
          entryId: wanted.standsInFor?.entryId ?? null,
          assetId: item.assetId,
          startedAt: cursor.at,
          reason,
          standsInFor,
        },
      };
    }
    if (!next) break;
    cursor.current = next.item;
    startedItems.push(next.started);
    emit(next.item, next.variant, current !== null || cursor.nextMsn > 0);
  }

  // A finished occurrence is remembered only while it could still be wanted.
  cursor.finishedKeys = [...finished].filter((key) =>
    context.occurrences.some((o) => o.key === key && o.end > cursor.at),
  );
  return { cursor, segments, startedItems, itemEnds, onAir: cursor.at >= horizon };
}

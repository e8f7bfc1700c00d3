/**
 * The channel timeline: which segment of which asset airs when. Pure functions over plain
 * data, so that every API replica and worker derives the same answer from durable state.
 *
 * Times are milliseconds since the Unix epoch.
 */
import { emergencyAt, type EmergencyAiring, emergencyItemKey } from './emergency-airing';

/** A scheduled occurrence as playout sees it: `assetId` is null when its source cannot air. */
export interface PlannedOccurrence {
  key: string;
  entryId: string;
  start: number;
  end: number;
  assetId: string | null;
  /** Set when the occurrence airs a live input instead of an asset. */
  liveInputId?: string;
  /** Set when the occurrence is a block filled from a playlist: its items in order (`assetId` is the first's). */
  block?: BlockPlan;
}

/** A block's items, chosen when it was planned: each airs whole, back to back; the last is cut at the block's end. */
export interface BlockPlan {
  playlistId: string;
  items: ReadonlyArray<{ assetId: string; startAt: number; insert: boolean }>;
}

/** A ready asset variant of the channel's preset: the duration of each of its segments. */
export interface VariantTimeline {
  assetId: string;
  segmentDurationsMs: number[];
}

export type ItemKind = 'programme' | 'filler' | 'live' | 'emergency';

/** A segment of a live recording, stored in every rendition. Times in ms since the epoch. */
export interface LiveSegment {
  index: number;
  durationMs: number;
  /** When the segment was stored: the end of its capture, give or take the encoder's delay. */
  recordedAt: number;
  /** The feed was interrupted before this segment (a reconnect, an encoder restart, a segment dropped). */
  discontinuity: boolean;
}

/** A live input's feed as playout sees it: the recording of its current (or last) session. */
export interface LiveFeed {
  inputId: string;
  /** Null while the input has never published. */
  assetId: string | null;
  /** The input airs by itself whenever its feed comes in (a presenter going live by connecting). */
  airWhenConnected: boolean;
  /** The recording's recent segments, by index. */
  segments: LiveSegment[];
}

/** A producer put a live input on air over everything scheduled, from `from` until `until` (null: until ended). */
export interface LiveTakeover {
  inputId: string;
  from: number;
  until: number | null;
}

export interface LivePlan {
  feeds: ReadonlyMap<string, LiveFeed>;
  takeover: LiveTakeover | null;
  /** Live items are planned just in time: what has been stored by now is all there is. */
  now: number;
  /** A live item whose next segment is later than this gives way to filler. */
  fallbackMs: number;
  /** Segments in a row a feed must deliver, after any fallback, before it airs. */
  returnSegments: number;
}

export interface CurrentItem {
  itemId: string;
  kind: ItemKind;
  occurrenceKey: string | null;
  entryId: string | null;
  assetId: string;
  nextIndex: number;
  /** For filler: the occurrence it stands in for, if any. */
  standsInFor: string | null;
  /** For live items: the input. */
  liveInputId?: string | null;
  /** For filler that took over from a live feed that dropped: when it started (the feed must return after it). */
  fellBackAt?: number | null;
  /** For an item of a block: its position among the block's items. */
  blockIndex?: number | null;
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
  /** With filler from a playlist: the position of its sequence the next filler item airs. */
  fillerPosition?: number;
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

/** Why an item airs: as the as-run log, now-playing and the API name it. */
export const ITEM_REASONS = [
  'scheduled',
  'nothing-scheduled',
  'source-not-ready',
  'programme-ended-early',
  'takeover',
  'connected',
  'live-absent',
  'live-dropped',
  'emergency',
  'emergency-fallback',
] as const;
export type ItemReason = (typeof ITEM_REASONS)[number];

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
  liveInputId?: string | null;
  /** For an item of a block: its position among the block's items. */
  blockIndex?: number | null;
}

export interface PlanContext {
  /** Sorted by start; every occurrence overlapping [cursor.at, horizon]. */
  occurrences: PlannedOccurrence[];
  variants: ReadonlyMap<string, VariantTimeline>;
  filler: VariantTimeline | null;
  /**
   * Filler from a playlist: the item at each position of its sequence (see `sequenceAt`), each
   * airing whole, then the next; `filler` is then any of them (there is filler). Without it the
   * filler asset loops.
   */
  fillerAt?: (position: number) => VariantTimeline;
  nominalSegmentMs: number;
  newItemId: () => string;
  /** Live inputs this channel may air; without it no live input can air. */
  live?: LivePlan;
  /** Emergency overrides airing on this channel: above everything else. */
  emergency?: readonly EmergencyAiring[];
}

export interface PlanResult {
  cursor: PlayoutCursor;
  segments: PlannedSegment[];
  startedItems: StartedItem[];
  /** End time of every item that aired in this extension (the last one may go on). */
  itemEnds: Map<string, number>;
  /** False when nothing at all can air (no ready source and no filler): the channel is off air. */
  onAir: boolean;
  /** The plan stops at a live item waiting for its next segment: plan again as segments arrive. */
  waitingForLive: boolean;
}

type Wanted =
  | { kind: 'programme'; occurrence: PlannedOccurrence; variant: VariantTimeline }
  | { kind: 'filler'; variant: VariantTimeline | null; reason: ItemReason; standsInFor: PlannedOccurrence | null }
  | {
      kind: 'live';
      feed: LiveFeed;
      reason: 'scheduled' | 'takeover' | 'connected' | 'emergency';
      occurrence: PlannedOccurrence | null;
      airing?: EmergencyAiring;
    }
  | {
      kind: 'emergency';
      airing: EmergencyAiring;
      variant: VariantTimeline;
      reason: 'emergency' | 'emergency-fallback';
    };

const NO_LIVE: LivePlan = { feeds: new Map(), takeover: null, now: -Infinity, fallbackMs: 0, returnSegments: 1 };

const feedOf = (live: LivePlan, inputId: string): LiveFeed =>
  live.feeds.get(inputId) ?? { inputId, assetId: null, airWhenConnected: false, segments: [] };

/** The feed's last segment was stored recently enough that the next one is not late yet. */
export function isReceiving(feed: LiveFeed, live: LivePlan): boolean {
  const last = feed.segments.at(-1);
  return last !== undefined && live.now - last.recordedAt <= live.fallbackMs;
}

/**
 * The feed's last `returnSegments` segments, when they came in a row (no gap, no interruption),
 * all captured after `after`, and the feed is still receiving; null otherwise. Only such a
 * feed may go on air: a feed that connects and drops every few seconds never does.
 */
export function goodRun(feed: LiveFeed, live: LivePlan, after: number): LiveSegment[] | null {
  const run = feed.segments.slice(-Math.max(1, live.returnSegments));
  if (run.length < live.returnSegments || !isReceiving(feed, live)) return null;
  for (let i = 1; i < run.length; i += 1)
    if (run[i].index !== run[i - 1].index + 1 || run[i].discontinuity) return null;
  return run[0].recordedAt - run[0].durationMs >= after ? run : null;
}

/** The override's own asset when ready, else its generated card; null while neither can air. */
function emergencyFile(airing: EmergencyAiring): Wanted | null {
  if (airing.variant) return { kind: 'emergency', airing, variant: airing.variant, reason: 'emergency' };
  return airing.card ? { kind: 'emergency', airing, variant: airing.card, reason: 'emergency-fallback' } : null;
}

/** An override airing at `time`: its live feed while that comes in, else its file (see `emergencyFile`). */
function emergencyWanted(time: number, context: PlanContext, live: LivePlan): Wanted | null {
  const airing = emergencyAt(time, context.emergency ?? []);
  if (!airing) return null;
  if (airing.liveInputId) {
    const feed = feedOf(live, airing.liveInputId);
    if (feed.assetId && isReceiving(feed, live))
      return { kind: 'live', feed, reason: 'emergency', occurrence: null, airing };
  }
  return emergencyFile(airing);
}

function wantedAt(
  time: number,
  context: PlanContext,
  finished: ReadonlySet<string>,
  options: { ignoreConnected?: boolean } = {},
): Wanted {
  const live = context.live ?? NO_LIVE;
  const emergency = emergencyWanted(time, context, live);
  if (emergency) return emergency;
  const { takeover } = live;
  if (takeover && takeover.from <= time && (takeover.until === null || time < takeover.until))
    return { kind: 'live', feed: feedOf(live, takeover.inputId), reason: 'takeover', occurrence: null };
  if (!options.ignoreConnected)
    for (const feed of live.feeds.values())
      if (feed.airWhenConnected && isReceiving(feed, live))
        return { kind: 'live', feed, reason: 'connected', occurrence: null };
  const occurrence = context.occurrences.find((o) => o.start <= time && time < o.end && !finished.has(o.key));
  if (!occurrence) return { kind: 'filler', variant: context.filler, reason: 'nothing-scheduled', standsInFor: null };
  if (occurrence.liveInputId)
    return { kind: 'live', feed: feedOf(live, occurrence.liveInputId), reason: 'scheduled', occurrence };
  const variant = occurrence.assetId ? context.variants.get(occurrence.assetId) : undefined;
  if (!variant) return { kind: 'filler', variant: context.filler, reason: 'source-not-ready', standsInFor: occurrence };
  return { kind: 'programme', occurrence, variant };
}

/** A live item is keyed by the occurrence it airs, or by the override it airs for. */
function liveItemKey(wanted: Extract<Wanted, { kind: 'live' }>): string | null {
  if (wanted.occurrence) return wanted.occurrence.key;
  return wanted.airing ? emergencyItemKey(wanted.airing.overrideId) : null;
}

function continues(current: CurrentItem, wanted: Wanted, fillerFromPlaylist = false): boolean {
  if (wanted.kind === 'emergency')
    return (
      current.kind === 'emergency' &&
      current.occurrenceKey === emergencyItemKey(wanted.airing.overrideId) &&
      current.assetId === wanted.variant.assetId
    );
  if (wanted.kind === 'live')
    return (
      current.kind === 'live' &&
      current.liveInputId === wanted.feed.inputId &&
      current.assetId === wanted.feed.assetId &&
      current.occurrenceKey === liveItemKey(wanted)
    );
  if (wanted.kind === 'programme')
    return current.kind === 'programme' && current.occurrenceKey === wanted.occurrence.key;
  // Filler standing in for a programme is an item of its own, so the as-run log and now-playing say so.
  return (
    current.kind === 'filler' &&
    wanted.variant !== null &&
    (fillerFromPlaylist || current.assetId === wanted.variant.assetId) &&
    current.standsInFor === (wanted.standsInFor?.key ?? null)
  );
}

/**
 * Where airing an occurrence from `at` begins (joining it in progress after an outage, a skip
 * or a late schedule edit): the segment nearest the time elapsed since it started; for a
 * block, in the item planned to air then, or the next one when that one is about over.
 */
function joinAt(
  occurrence: PlannedOccurrence,
  at: number,
  context: PlanContext,
): { assetId: string | null; blockIndex: number | null; index: number } {
  const nominal = context.nominalSegmentMs;
  const segmentAt = (start: number) => {
    const offset = at - start;
    return offset < nominal / 2 ? 0 : Math.round(offset / nominal);
  };
  const items = occurrence.block?.items;
  if (!items || items.length === 0) return { assetId: null, blockIndex: null, index: segmentAt(occurrence.start) };
  let blockIndex = 0;
  while (blockIndex + 1 < items.length && items[blockIndex + 1].startAt <= at) blockIndex += 1;
  const item = items[blockIndex];
  const index = segmentAt(Math.max(item.startAt, occurrence.start));
  const segments = context.variants.get(item.assetId)?.segmentDurationsMs.length ?? 0;
  if (index >= segments && blockIndex + 1 < items.length)
    return { assetId: items[blockIndex + 1].assetId, blockIndex: blockIndex + 1, index: 0 };
  return { assetId: item.assetId, blockIndex, index };
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
 *
 * Live items are planned just in time: each segment of the feed's recording joins once it is
 * stored. A feed goes on air after a good run of segments (see `goodRun`); when its next segment
 * is late by more than the fallback delay, filler stands in until the feed has a good run again.
 */
export function planUntil(cursorIn: PlayoutCursor, horizon: number, context: PlanContext): PlanResult {
  const cursor: PlayoutCursor = {
    ...cursorIn,
    current: cursorIn.current && { ...cursorIn.current },
    finishedKeys: [...cursorIn.finishedKeys],
  };
  const live = context.live ?? NO_LIVE;
  const finished = new Set(cursor.finishedKeys);
  const segments: PlannedSegment[] = [];
  const startedItems: StartedItem[] = [];
  const itemEnds = new Map<string, number>();
  let waitingForLive = false;
  const fillerFromPlaylist = context.fillerAt !== undefined;
  const variantOf = (assetId: string) =>
    context.filler?.assetId === assetId ? context.filler : context.variants.get(assetId);

  const emit = (item: CurrentItem, durationMs: number, discontinuity: boolean) => {
    const marked = discontinuity || cursor.pendingDiscontinuity;
    if (marked) cursor.discontinuities += 1;
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
  const start = (item: CurrentItem, started: Omit<StartedItem, 'itemId' | 'kind' | 'assetId' | 'startedAt'>) => {
    const previous = cursor.current;
    cursor.current = item;
    startedItems.push({
      itemId: item.itemId,
      kind: item.kind,
      assetId: item.assetId,
      startedAt: cursor.at,
      ...started,
    });
    return previous !== null || cursor.nextMsn > 0;
  };

  while (cursor.at < horizon) {
    const current = cursor.current;
    const currentVariant = current && current.kind !== 'live' ? variantOf(current.assetId) : undefined;
    const nextDuration = current && currentVariant ? currentVariant.segmentDurationsMs[current.nextIndex] : undefined;
    let wanted: Wanted = wantedAt(cursor.at + (nextDuration ?? context.nominalSegmentMs) / 2, context, finished);

    if (wanted.kind === 'live') {
      const { feed, occurrence } = wanted;
      if (current && continues(current, wanted)) {
        const next = feed.segments.find((s) => s.index >= current.nextIndex);
        if (next) {
          // A gap in the indexes is a segment the encoder could not store: a jump, marked as such.
          const jumped = next.index !== current.nextIndex;
          current.nextIndex = next.index;
          emit(current, next.durationMs, next.discontinuity || jumped);
          continue;
        }
        if (live.now - cursor.at <= live.fallbackMs) {
          waitingForLive = true;
          break;
        }
        wanted = (wanted.airing && emergencyFile(wanted.airing)) ?? {
          kind: 'filler',
          variant: context.filler,
          reason: 'live-dropped',
          standsInFor: occurrence,
        };
      } else {
        const after = current?.kind === 'filler' && current.fellBackAt != null ? current.fellBackAt : -Infinity;
        const run = feed.assetId ? goodRun(feed, live, after) : null;
        if (run && feed.assetId) {
          const newest = run[run.length - 1];
          // Nothing airs, and the timeline stopped a segment or more before the feed's newest segment
          // was captured (a channel that starts live, or was off air): the feed airs from its
          // capture, not from where the timeline stopped, which would list it that much before its
          // time and keep it that late for as long as it runs.
          const captureStart = newest.recordedAt - newest.durationMs;
          if (!current && cursor.at < captureStart - context.nominalSegmentMs) cursor.at = captureStart;
          const item: CurrentItem = {
            itemId: context.newItemId(),
            kind: 'live',
            occurrenceKey: liveItemKey(wanted),
            entryId: occurrence?.entryId ?? null,
            assetId: feed.assetId,
            nextIndex: newest.index,
            standsInFor: null,
            liveInputId: feed.inputId,
          };
          const marked = start(item, {
            occurrenceKey: item.occurrenceKey,
            entryId: item.entryId,
            reason: wanted.reason,
            standsInFor: null,
            liveInputId: feed.inputId,
          });
          emit(item, newest.durationMs, marked);
          continue;
        }
        const card = wanted.airing ? emergencyFile(wanted.airing) : null;
        wanted = card
          ? card
          : wanted.reason === 'connected'
            ? wantedAt(cursor.at + context.nominalSegmentMs / 2, context, finished, { ignoreConnected: true })
            : {
                kind: 'filler',
                variant: context.filler,
                reason: current?.kind === 'live' ? 'live-dropped' : 'live-absent',
                standsInFor: occurrence,
              };
        if (wanted.kind === 'live') continue;
      }
    }

    if (current && currentVariant && nextDuration !== undefined && continues(current, wanted, fillerFromPlaylist)) {
      emit(current, nextDuration, false);
      continue;
    }
    if (
      (current?.kind === 'filler' || current?.kind === 'emergency') &&
      currentVariant &&
      nextDuration === undefined &&
      continues(current, wanted, fillerFromPlaylist)
    ) {
      if (current.kind === 'filler' && context.fillerAt && wanted.kind === 'filler') {
        // Filler from a playlist goes on with the next item of its sequence.
        const position = (current.blockIndex ?? -1) + 1;
        const variant = context.fillerAt(position);
        const item: CurrentItem = {
          ...current,
          itemId: context.newItemId(),
          assetId: variant.assetId,
          nextIndex: 0,
          blockIndex: position,
        };
        cursor.fillerPosition = position + 1;
        const marked = start(item, {
          occurrenceKey: null,
          entryId: wanted.standsInFor?.entryId ?? null,
          reason: wanted.reason,
          standsInFor: item.standsInFor,
          blockIndex: position,
        });
        emit(item, variant.segmentDurationsMs[0], marked);
        continue;
      }
      current.nextIndex = 0;
      emit(current, currentVariant.segmentDurationsMs[0], true);
      continue;
    }

    const blockOccurrence = current?.kind === 'programme' && wanted.kind === 'programme' ? wanted.occurrence : null;
    const block = blockOccurrence?.block;
    if (
      current &&
      blockOccurrence &&
      block &&
      current.occurrenceKey === blockOccurrence.key &&
      nextDuration === undefined
    ) {
      // The block's next item follows the one that ended, if its first segment airs mostly before the block's end.
      const index = (current.blockIndex ?? 0) + 1;
      const following = block.items[index];
      const variant = following && context.variants.get(following.assetId);
      const firstDuration = variant?.segmentDurationsMs[0];
      if (variant && firstDuration !== undefined && cursor.at + firstDuration / 2 <= blockOccurrence.end) {
        const occurrence = blockOccurrence;
        const item: CurrentItem = {
          itemId: context.newItemId(),
          kind: 'programme',
          occurrenceKey: occurrence.key,
          entryId: occurrence.entryId,
          assetId: variant.assetId,
          nextIndex: 0,
          standsInFor: null,
          blockIndex: index,
        };
        const marked = start(item, {
          occurrenceKey: occurrence.key,
          entryId: occurrence.entryId,
          reason: 'scheduled',
          standsInFor: null,
          blockIndex: index,
        });
        emit(item, firstDuration, marked);
        continue;
      }
    }

    let ranShort = false;
    // A programme interrupted by an override is not over: it goes on from where the schedule is at the override's end.
    if (current?.kind === 'programme' && current.occurrenceKey && wanted.kind !== 'emergency') {
      // Whether cut at its slot end or run out of segments, this occurrence is over.
      ranShort = nextDuration === undefined;
      finished.add(current.occurrenceKey);
      if (ranShort) wanted = wantedAt(cursor.at + context.nominalSegmentMs / 2, context, finished);
      if (wanted.kind === 'live') continue;
    }

    let next: {
      item: CurrentItem;
      variant: VariantTimeline;
      started: Omit<StartedItem, 'itemId' | 'kind' | 'assetId' | 'startedAt'>;
    } | null = null;
    while (!next && wanted.kind === 'programme') {
      const { occurrence, variant: programmeVariant } = wanted as Extract<Wanted, { kind: 'programme' }>;
      const joined = joinAt(occurrence, cursor.at, context);
      const variant: VariantTimeline | undefined = joined.assetId
        ? context.variants.get(joined.assetId)
        : programmeVariant;
      const index = joined.index;
      const firstDuration: number | undefined = variant?.segmentDurationsMs[index];
      if (variant && firstDuration !== undefined && cursor.at + firstDuration / 2 <= occurrence.end) {
        next = {
          item: {
            itemId: context.newItemId(),
            kind: 'programme',
            occurrenceKey: occurrence.key,
            entryId: occurrence.entryId,
            assetId: variant.assetId,
            nextIndex: index,
            standsInFor: null,
            blockIndex: joined.blockIndex,
          },
          variant,
          started: {
            occurrenceKey: occurrence.key,
            entryId: occurrence.entryId,
            reason: 'scheduled',
            standsInFor: null,
            blockIndex: joined.blockIndex,
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
    if (wanted.kind === 'live') continue;
    if (!next && wanted.kind === 'emergency') {
      const key = emergencyItemKey(wanted.airing.overrideId);
      next = {
        item: {
          itemId: context.newItemId(),
          kind: 'emergency',
          occurrenceKey: key,
          entryId: null,
          assetId: wanted.variant.assetId,
          nextIndex: 0,
          standsInFor: null,
        },
        variant: wanted.variant,
        started: { occurrenceKey: key, entryId: null, reason: wanted.reason, standsInFor: null },
      };
    }
    if (!next && wanted.kind === 'filler') {
      if (!wanted.variant) break;
      const reason: ItemReason = ranShort ? 'programme-ended-early' : wanted.reason;
      const standsInFor = wanted.standsInFor?.key ?? null;
      const position = context.fillerAt ? (cursor.fillerPosition ?? 0) : null;
      const variant = context.fillerAt && position !== null ? context.fillerAt(position) : wanted.variant;
      if (position !== null) cursor.fillerPosition = position + 1;
      next = {
        item: {
          itemId: context.newItemId(),
          kind: 'filler',
          occurrenceKey: null,
          entryId: null,
          assetId: variant.assetId,
          nextIndex: 0,
          standsInFor,
          fellBackAt: reason === 'live-dropped' ? cursor.at : null,
          blockIndex: position,
        },
        variant,
        started: {
          occurrenceKey: null,
          entryId: wanted.standsInFor?.entryId ?? null,
          reason,
          standsInFor,
          blockIndex: position,
        },
      };
    }
    if (!next) break;
    const marked = start(next.item, next.started);
    emit(next.item, next.variant.segmentDurationsMs[next.item.nextIndex], marked);
  }

  // A finished occurrence is remembered only while it could still be wanted.
  cursor.finishedKeys = [...finished].filter((key) =>
    context.occurrences.some((o) => o.key === key && o.end > cursor.at),
  );
  return {
    cursor,
    segments,
    startedItems,
    itemEnds,
    onAir: cursor.at >= horizon || waitingForLive,
    waitingForLive,
  };
}

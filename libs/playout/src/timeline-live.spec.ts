import {
  goodRun,
  type LiveFeed,
  type LivePlan,
  type LiveSegment,
  type PlanContext,
  type PlannedOccurrence,
  type PlannedSegment,
  planUntil,
  type PlayoutCursor,
  type VariantTimeline,
} from './timeline';

const S = 1000;
const T0 = Date.UTC(2026, 11, 5, 12, 0, 0);
const NOMINAL = 6 * S;
/** The encoder stores a segment this long after its capture ends. */
const STORE_DELAY = 500;

const filler: VariantTimeline = { assetId: 'filler', segmentDurationsMs: [NOMINAL, NOMINAL, NOMINAL] };

/** Segments captured back to back from `fromS` (seconds after T0), indexes from `firstIndex`. */
function captured(fromS: number, count: number, firstIndex = 0, interrupted = false): LiveSegment[] {
  return Array.from({ length: count }, (_, i) => ({
    index: firstIndex + i,
    durationMs: NOMINAL,
    recordedAt: T0 + fromS * S + (i + 1) * NOMINAL + STORE_DELAY,
    discontinuity: interrupted && i === 0,
  }));
}

function feed(segments: LiveSegment[], overrides: Partial<LiveFeed> = {}): LiveFeed {
  return { inputId: 'studio', assetId: 'rec-1', airWhenConnected: false, segments, ...overrides };
}

function livePlan(nowS: number, feeds: LiveFeed[], overrides: Partial<LivePlan> = {}): LivePlan {
  return {
    feeds: new Map(feeds.map((f) => [f.inputId, f])),
    takeover: null,
    now: T0 + nowS * S,
    fallbackMs: 1.5 * NOMINAL,
    returnSegments: 2,
    ...overrides,
  };
}

function context(live: LivePlan, occurrences: PlannedOccurrence[] = []): PlanContext {
  let n = 0;
  return {
    occurrences,
    variants: new Map(),
    filler,
    nominalSegmentMs: NOMINAL,
    newItemId: () => `item-${++n}`,
    live,
  };
}

const liveSlot = (startS: number, endS: number): PlannedOccurrence => ({
  key: 'show',
  entryId: 'entry-show',
  start: T0 + startS * S,
  end: T0 + endS * S,
  assetId: null,
  liveInputId: 'studio',
});

const cursorAt = (atS: number): PlayoutCursor => ({
  at: T0 + atS * S,
  nextMsn: 0,
  discontinuities: 0,
  current: null,
  finishedKeys: [],
  pendingDiscontinuity: false,
});

const summary = (segments: PlannedSegment[]) =>
  segments.map((s) => `${(s.startAt - T0) / S}:${s.assetId}#${s.segmentIndex}${s.discontinuity ? '!' : ''}`);

describe('planUntil with live inputs', () => {
  it('airs a scheduled live slot from the newest stored segment once the feed has a good run, then waits', () => {
    const studio = feed(captured(0, 4));
    const result = planUntil(cursorAt(0), T0 + 60 * S, context(livePlan(25, [studio]), [liveSlot(18, 600)]));
    expect(summary(result.segments)).toEqual([
      '0:filler#0',
      '6:filler#1',
      '12:filler#2',
      // Newest segment first (captured 18–24 s): the least delay behind the studio.
      '18:rec-1#3!',
    ]);
    expect(result.waitingForLive).toBe(true);
    expect(result.onAir).toBe(true);
    expect(result.startedItems.map((i) => [i.kind, i.reason, i.liveInputId ?? null])).toEqual([
      ['filler', 'nothing-scheduled', null],
      ['live', 'scheduled', 'studio'],
    ]);
    expect(result.startedItems[1]).toMatchObject({ occurrenceKey: 'show', entryId: 'entry-show' });
  });

  it('airs a feed that starts a channel from its capture, not from where the timeline starts', () => {
    // A new channel's timeline starts a window in the past; its first airing is a studio, and no filler is ready yet.
    const studio = feed(captured(0, 4));
    const result = planUntil(cursorAt(-12), T0 + 60 * S, {
      ...context(livePlan(25, [studio]), [liveSlot(-60, 600)]),
      filler: null,
    });
    expect(summary(result.segments)).toEqual(['18.5:rec-1#3']);
    expect(result.waitingForLive).toBe(true);
  });

  it('goes on with each segment as it is stored, without a discontinuity', () => {
    const first = planUntil(
      cursorAt(18),
      T0 + 60 * S,
      context(livePlan(25, [feed(captured(0, 4))]), [liveSlot(18, 600)]),
    );
    const later = planUntil(
      first.cursor,
      T0 + 60 * S,
      context(livePlan(37, [feed(captured(0, 6))]), [liveSlot(18, 600)]),
    );
    expect(summary(later.segments)).toEqual(['24:rec-1#4', '30:rec-1#5']);
    expect(later.startedItems).toEqual([]);
    expect(later.waitingForLive).toBe(true);
  });

  it('stands filler in for a live slot whose feed is not in, planned ahead as usual', () => {
    const result = planUntil(cursorAt(0), T0 + 30 * S, context(livePlan(0, []), [liveSlot(0, 600)]));
    expect(summary(result.segments)).toEqual([
      '0:filler#0',
      '6:filler#1',
      '12:filler#2',
      '18:filler#0!',
      '24:filler#1',
    ]);
    expect(result.startedItems).toEqual([
      expect.objectContaining({ kind: 'filler', reason: 'live-absent', standsInFor: 'show', entryId: 'entry-show' }),
    ]);
    expect(result.waitingForLive).toBe(false);
  });

  it('waits for a late segment up to the fallback delay, then airs filler from where the feed stopped', () => {
    const airing = planUntil(
      cursorAt(18),
      T0 + 60 * S,
      context(livePlan(25, [feed(captured(0, 4))]), [liveSlot(18, 600)]),
    );
    // The feed stopped: nothing after index 3. At 32 s the next segment (due at 24 s) is 8 s late: wait.
    const waiting = planUntil(
      airing.cursor,
      T0 + 90 * S,
      context(livePlan(32, [feed(captured(0, 4))]), [liveSlot(18, 600)]),
    );
    expect(waiting.segments).toEqual([]);
    expect(waiting.waitingForLive).toBe(true);
    // At 34 s it is 10 s late, more than 1.5 segments: filler from 24 s.
    const fallen = planUntil(
      airing.cursor,
      T0 + 60 * S,
      context(livePlan(34, [feed(captured(0, 4))]), [liveSlot(18, 600)]),
    );
    expect(summary(fallen.segments)).toEqual([
      '24:filler#0!',
      '30:filler#1',
      '36:filler#2',
      '42:filler#0!',
      '48:filler#1',
      '54:filler#2',
    ]);
    expect(fallen.startedItems).toEqual([
      expect.objectContaining({ kind: 'filler', reason: 'live-dropped', standsInFor: 'show' }),
    ]);
    expect(fallen.cursor.current?.fellBackAt).toBe(T0 + 24 * S);
  });

  it('returns to live only after a good run of segments captured after the fallback', () => {
    const fallenBack: PlayoutCursor = {
      ...cursorAt(42),
      nextMsn: 10,
      discontinuities: 3,
      current: {
        itemId: 'filler-item',
        kind: 'filler',
        occurrenceKey: null,
        entryId: null,
        assetId: 'filler',
        nextIndex: 0,
        standsInFor: 'show',
        fellBackAt: T0 + 24 * S,
      },
    };
    // The studio reconnected at 30 s: one segment after the fallback is not enough.
    const one = feed([...captured(0, 4), ...captured(30, 1, 4, true)]);
    expect(
      summary(planUntil(fallenBack, T0 + 60 * S, context(livePlan(37, [one]), [liveSlot(18, 600)])).segments),
    ).toEqual(['42:filler#0', '48:filler#1', '54:filler#2']);
    const two = feed([...captured(0, 4), ...captured(30, 2, 4, true)]);
    const back = planUntil(fallenBack, T0 + 60 * S, context(livePlan(43, [two]), [liveSlot(18, 600)]));
    expect(summary(back.segments)).toEqual(['42:rec-1#5!']);
    expect(back.startedItems).toEqual([expect.objectContaining({ kind: 'live', reason: 'scheduled' })]);
    expect(back.segments[0].discontinuitySeq).toBe(4);
  });

  it('never airs a feed that connects and drops every few seconds', () => {
    // Every segment follows an interruption: no two in a row.
    const flapping = feed(
      Array.from({ length: 8 }, (_, i) => ({
        index: i,
        durationMs: NOMINAL,
        recordedAt: T0 + (i + 1) * NOMINAL + STORE_DELAY,
        discontinuity: true,
      })),
    );
    const result = planUntil(cursorAt(0), T0 + 60 * S, context(livePlan(49, [flapping]), [liveSlot(0, 600)]));
    expect(new Set(result.segments.map((s) => s.assetId))).toEqual(new Set(['filler']));
    expect(goodRun(flapping, livePlan(49, [flapping]), -Infinity)).toBeNull();
  });

  it('marks a jump over a segment the encoder could not store', () => {
    const airing = planUntil(
      cursorAt(18),
      T0 + 60 * S,
      context(livePlan(25, [feed(captured(0, 4))]), [liveSlot(18, 600)]),
    );
    const withGap = feed([...captured(0, 4), ...captured(30, 1, 5)]);
    const result = planUntil(airing.cursor, T0 + 60 * S, context(livePlan(37, [withGap]), [liveSlot(18, 600)]));
    expect(summary(result.segments)).toEqual(['24:rec-1#5!']);
  });

  it('cuts a live slot at the boundary nearest its end', () => {
    const airing = planUntil(
      cursorAt(18),
      T0 + 40 * S,
      context(livePlan(25, [feed(captured(0, 4))]), [liveSlot(18, 32)]),
    );
    const result = planUntil(
      airing.cursor,
      T0 + 40 * S,
      context(livePlan(37, [feed(captured(0, 6))]), [liveSlot(18, 32)]),
    );
    expect(summary(result.segments)).toEqual(['24:rec-1#4', '30:filler#0!', '36:filler#1']);
    expect(result.startedItems).toEqual([expect.objectContaining({ kind: 'filler', reason: 'nothing-scheduled' })]);
  });

  it('puts a takeover over the schedule until it ends, then the schedule goes on', () => {
    const studio = feed(captured(0, 4));
    const takeover = { inputId: 'studio', from: T0 + 10 * S, until: T0 + 26 * S };
    const first = planUntil(cursorAt(0), T0 + 40 * S, context(livePlan(25, [studio], { takeover })));
    expect(summary(first.segments)).toEqual(['0:filler#0', '6:filler#1', '12:rec-1#3!']);
    expect(first.startedItems[1]).toMatchObject({ kind: 'live', reason: 'takeover', occurrenceKey: null });
    const rest = planUntil(first.cursor, T0 + 40 * S, context(livePlan(40, [feed(captured(0, 6))], { takeover })));
    expect(summary(rest.segments)).toEqual(['18:rec-1#4', '24:filler#0!', '30:filler#1', '36:filler#2']);
  });

  it('airs an input that airs when connected while its feed comes in, and the schedule when it does not', () => {
    const presenter = feed(captured(0, 3), { airWhenConnected: true });
    const connected = planUntil(cursorAt(12), T0 + 40 * S, context(livePlan(19, [presenter])));
    expect(connected.startedItems).toEqual([expect.objectContaining({ kind: 'live', reason: 'connected' })]);
    const gone = planUntil(cursorAt(12), T0 + 40 * S, context(livePlan(60, [presenter])));
    expect(gone.startedItems).toEqual([expect.objectContaining({ kind: 'filler', reason: 'nothing-scheduled' })]);
  });

  it('keeps media sequence and discontinuity sequence growing across live, fallback and return', () => {
    let cursor = cursorAt(0);
    const all: PlannedSegment[] = [];
    const plans: Array<[number, LiveSegment[]]> = [
      [25, captured(0, 4)],
      [31, captured(0, 5)],
      [50, captured(0, 5)],
      [80, [...captured(0, 5), ...captured(60, 3, 5, true)]],
    ];
    for (const [nowS, segments] of plans) {
      const plan = planUntil(
        cursor,
        T0 + (nowS + 10) * S,
        context(livePlan(nowS, [feed(segments)]), [liveSlot(0, 600)]),
      );
      all.push(...plan.segments);
      cursor = plan.cursor;
    }
    const msns = all.map((s) => s.msn);
    expect(msns).toEqual(msns.map((_, i) => i));
    for (let i = 1; i < all.length; i += 1) {
      expect(all[i].discontinuitySeq - all[i - 1].discontinuitySeq).toBe(all[i].discontinuity ? 1 : 0);
      expect(all[i].startAt).toBe(all[i - 1].startAt + all[i - 1].durationMs);
    }
    expect(new Set(all.map((s) => s.assetId))).toEqual(new Set(['filler', 'rec-1']));
  });
});

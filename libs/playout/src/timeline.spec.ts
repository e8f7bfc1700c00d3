import fc from 'fast-check';
import {
  needsPlanning,
  type PlanContext,
  type PlannedOccurrence,
  type PlannedSegment,
  planUntil,
  type PlayoutCursor,
  type VariantTimeline,
} from './timeline';

const S = 1000;
const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const NOMINAL = 6 * S;

function variant(assetId: string, totalMs: number): VariantTimeline {
  const durations: number[] = [];
  for (let left = totalMs; left > 0; left -= NOMINAL) durations.push(Math.min(NOMINAL, left));
  return { assetId, segmentDurationsMs: durations };
}

function context(overrides: Partial<PlanContext> = {}): PlanContext {
  let n = 0;
  return {
    occurrences: [],
    variants: new Map(),
    filler: variant('filler', 14 * S),
    nominalSegmentMs: NOMINAL,
    newItemId: () => `item-${++n}`,
    ...overrides,
  };
}

const freshCursor = (at = T0): PlayoutCursor => ({
  at,
  nextMsn: 0,
  discontinuities: 0,
  current: null,
  finishedKeys: [],
  pendingDiscontinuity: false,
});

function occurrence(key: string, startS: number, endS: number, assetId: string | null): PlannedOccurrence {
  return { key, entryId: `entry-${key}`, start: T0 + startS * S, end: T0 + endS * S, assetId };
}

const summary = (segments: PlannedSegment[]) =>
  segments.map((s) => `${(s.startAt - T0) / S}:${s.assetId}#${s.segmentIndex}${s.discontinuity ? '!' : ''}`);

describe('planUntil', () => {
  it('loops the filler when nothing is scheduled, with a discontinuity at each loop', () => {
    const result = planUntil(freshCursor(), T0 + 40 * S, context());
    expect(summary(result.segments)).toEqual([
      '0:filler#0',
      '6:filler#1',
      '12:filler#2',
      '14:filler#0!',
      '20:filler#1',
      '26:filler#2',
      '28:filler#0!',
      '34:filler#1',
    ]);
    expect(result.segments.map((s) => s.msn)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(result.segments.map((s) => s.discontinuitySeq)).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
    expect(result.startedItems).toEqual([
      expect.objectContaining({ kind: 'filler', reason: 'nothing-scheduled', startedAt: T0 }),
    ]);
    expect(result.cursor.at).toBe(T0 + 40 * S);
    expect(result.onAir).toBe(true);
  });

  it('airs filler from a playlist item after item, each its own item, going on from the position it reached', () => {
    const items = [variant('id1', 6 * S), variant('id2', 10 * S), variant('id3', 6 * S)];
    const fillerAt = (position: number) => items[position % items.length];
    const news = variant('news', 12 * S);
    const ctx = context({
      filler: items[0],
      fillerAt,
      variants: new Map([...items, news].map((v) => [v.assetId, v])),
      occurrences: [occurrence('a', 22, 34, 'news')],
    });
    const first = planUntil(freshCursor(), T0 + 50 * S, ctx);
    expect(summary(first.segments)).toEqual([
      '0:id1#0',
      '6:id2#0!',
      '12:id2#1',
      '16:id3#0!',
      '22:news#0!',
      '28:news#1',
      '34:id1#0!',
      '40:id2#0!',
      '46:id2#1',
    ]);
    expect(first.startedItems.map((item) => [item.kind, item.assetId, item.blockIndex ?? null])).toEqual([
      ['filler', 'id1', 0],
      ['filler', 'id2', 1],
      ['filler', 'id3', 2],
      ['programme', 'news', null],
      ['filler', 'id1', 3],
      ['filler', 'id2', 4],
    ]);
    expect(first.cursor.fillerPosition).toBe(5);
    // Another pass from that cursor goes on with the next item of the sequence.
    const second = planUntil(first.cursor, T0 + 62 * S, ctx);
    expect(summary(second.segments)).toEqual(['50:id3#0!', '56:id1#0!']);
  });

  it('starts a programme at the boundary nearest its start and cuts it at the boundary nearest its end', () => {
    const programme = variant('news', 120 * S);
    const result = planUntil(
      freshCursor(),
      T0 + 80 * S,
      context({ occurrences: [occurrence('a', 16, 50, 'news')], variants: new Map([['news', programme]]) }),
    );
    // Filler boundaries fall at 0, 6, 12, 14 (loop), 20: 14 is nearest to 16, so the programme starts there.
    // From 14 the programme's boundaries are 20, 26, …, 50: it is cut at 50 exactly.
    expect(summary(result.segments).slice(0, 9)).toEqual([
      '0:filler#0',
      '6:filler#1',
      '12:filler#2',
      '14:news#0!',
      '20:news#1',
      '26:news#2',
      '32:news#3',
      '38:news#4',
      '44:news#5',
    ]);
    expect(summary(result.segments).slice(9, 11)).toEqual(['50:filler#0!', '56:filler#1']);
    expect(result.startedItems.map((i) => [i.kind, i.reason, (i.startedAt - T0) / S])).toEqual([
      ['filler', 'nothing-scheduled', 0],
      ['programme', 'scheduled', 14],
      ['filler', 'nothing-scheduled', 50],
    ]);
    expect(result.itemEnds.get(result.startedItems[1].itemId)).toBe(T0 + 50 * S);
  });

  it('follows a programme that runs short with filler and never restarts it', () => {
    const result = planUntil(
      freshCursor(),
      T0 + 40 * S,
      context({
        occurrences: [occurrence('a', 0, 60, 'short')],
        variants: new Map([['short', variant('short', 15 * S)]]),
        filler: variant('filler', 60 * S),
      }),
    );
    expect(summary(result.segments)).toEqual([
      '0:short#0',
      '6:short#1',
      '12:short#2',
      '15:filler#0!',
      '21:filler#1',
      '27:filler#2',
      '33:filler#3',
      '39:filler#4',
    ]);
    expect(result.startedItems[1]).toMatchObject({ kind: 'filler', reason: 'programme-ended-early' });
    expect(result.cursor.finishedKeys).toEqual(['a']);
  });

  it('airs filler in place of a programme whose source is not ready, saying so', () => {
    const result = planUntil(freshCursor(), T0 + 12 * S, context({ occurrences: [occurrence('a', 0, 60, 'missing')] }));
    expect(result.startedItems).toEqual([
      expect.objectContaining({ kind: 'filler', reason: 'source-not-ready', standsInFor: 'a', entryId: 'entry-a' }),
    ]);
  });

  it('joins a programme in progress at the nearest segment', () => {
    const result = planUntil(
      freshCursor(T0 + 25 * S),
      T0 + 40 * S,
      context({
        occurrences: [occurrence('a', 0, 120, 'news')],
        variants: new Map([['news', variant('news', 120 * S)]]),
      }),
    );
    expect(summary(result.segments)).toEqual(['25:news#4', '31:news#5', '37:news#6']);
  });

  it('is off air when neither a programme nor filler can air', () => {
    const result = planUntil(freshCursor(), T0 + 30 * S, context({ filler: null }));
    expect(result.segments).toEqual([]);
    expect(result.onAir).toBe(false);
    expect(result.cursor.at).toBe(T0);
  });

  it('marks the first segment after an outage as a discontinuity', () => {
    const first = planUntil(freshCursor(), T0 + 6 * S, context());
    const result = planUntil(
      { ...first.cursor, at: T0 + 600 * S, pendingDiscontinuity: true },
      T0 + 606 * S,
      context(),
    );
    expect(result.segments[0]).toMatchObject({ discontinuity: true, discontinuitySeq: 1, segmentIndex: 1 });
  });

  it('switches when the filler changes', () => {
    const first = planUntil(freshCursor(), T0 + 6 * S, context());
    const result = planUntil(first.cursor, T0 + 12 * S, context({ filler: variant('new-ident', 30 * S) }));
    expect(summary(result.segments)).toEqual(['6:new-ident#0!']);
  });
});

describe('planUntil invariants (property-based)', () => {
  const scenario = fc
    .record({
      slots: fc.array(
        fc.record({
          gapS: fc.integer({ min: 0, max: 40 }),
          lengthS: fc.integer({ min: 1, max: 90 }),
          assetS: fc.integer({ min: 1, max: 120 }),
          ready: fc.boolean(),
        }),
        { maxLength: 6 },
      ),
      fillerS: fc.integer({ min: 1, max: 40 }),
      splitS: fc.integer({ min: 1, max: 400 }),
    })
    .map(({ slots, fillerS, splitS }) => {
      const occurrences: PlannedOccurrence[] = [];
      const variants = new Map<string, VariantTimeline>();
      let at = 0;
      slots.forEach((slot, i) => {
        at += slot.gapS;
        occurrences.push(occurrence(`o${i}`, at, at + slot.lengthS, slot.ready ? `asset${i}` : `missing${i}`));
        if (slot.ready) variants.set(`asset${i}`, variant(`asset${i}`, slot.assetS * S));
        at += slot.lengthS;
      });
      return { occurrences, variants, filler: variant('filler', fillerS * S), splitS };
    });

  it('keeps segments contiguous, numbered, tagged at every join, and within their slots', () => {
    fc.assert(
      fc.property(scenario, ({ occurrences, variants, filler }) => {
        const result = planUntil(freshCursor(), T0 + 500 * S, context({ occurrences, variants, filler }));
        const problems: string[] = [];
        result.segments.forEach((segment, i) => {
          if (segment.msn !== i) problems.push(`msn ${segment.msn} at ${i}`);
          if (i === 0) return;
          const previous = result.segments[i - 1];
          if (segment.startAt !== previous.startAt + previous.durationMs) problems.push(`gap before ${i}`);
          const joined = segment.itemId !== previous.itemId || segment.segmentIndex !== previous.segmentIndex + 1;
          if (segment.discontinuity !== joined) problems.push(`discontinuity ${segment.discontinuity} at ${i}`);
          if (segment.discontinuitySeq !== previous.discontinuitySeq + (segment.discontinuity ? 1 : 0))
            problems.push(`sequence at ${i}`);
        });
        const slots = new Map(occurrences.map((o) => [o.key, o]));
        const itemSlot = new Map(
          result.startedItems
            .filter((i) => i.kind === 'programme')
            .map((i) => [i.itemId, slots.get(i.occurrenceKey as string) as PlannedOccurrence]),
        );
        for (const segment of result.segments) {
          const slot = itemSlot.get(segment.itemId);
          // Within half a segment of the slot on either side: the nearest-boundary rule.
          if (
            slot &&
            (segment.startAt < slot.start - NOMINAL / 2 || segment.startAt + segment.durationMs / 2 > slot.end)
          )
            problems.push(`segment ${segment.msn} outside its slot`);
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same timeline whether planned in one go or resumed from a saved cursor', () => {
    fc.assert(
      fc.property(scenario, ({ occurrences, variants, filler, splitS }) => {
        const ids = () => {
          let n = 0;
          return () => `item-${++n}`;
        };
        const whole = planUntil(freshCursor(), T0 + 500 * S, {
          ...context({ occurrences, variants, filler }),
          newItemId: ids(),
        });
        const makeId = ids();
        const firstPart = planUntil(freshCursor(), T0 + splitS * S, {
          ...context({ occurrences, variants, filler }),
          newItemId: makeId,
        });
        const saved: PlayoutCursor = JSON.parse(JSON.stringify(firstPart.cursor));
        const secondPart = planUntil(saved, T0 + 500 * S, {
          ...context({ occurrences, variants, filler }),
          newItemId: makeId,
        });
        expect([...firstPart.segments, ...secondPart.segments]).toEqual(whole.segments);
      }),
      { numRuns: 200 },
    );
  });
});

describe('needsPlanning', () => {
  const LOOKAHEAD = 30 * S;

  it('leaves alone a timeline that reaches half the lookahead ahead and was planned from the same sources', () => {
    expect(needsPlanning({ end: T0 + 15 * S, plannedFrom: 'v1' }, 'v1', T0, LOOKAHEAD)).toBe(false);
    expect(needsPlanning({ end: T0 + 31 * S, plannedFrom: 'v1' }, 'v1', T0, LOOKAHEAD)).toBe(false);
  });

  it('plans a timeline that falls short of half the lookahead, or has none yet', () => {
    expect(needsPlanning({ end: T0 + 15 * S - 1, plannedFrom: 'v1' }, 'v1', T0, LOOKAHEAD)).toBe(true);
    expect(needsPlanning({ end: T0 - 60 * S, plannedFrom: 'v1' }, 'v1', T0, LOOKAHEAD)).toBe(true);
    expect(needsPlanning({ end: null, plannedFrom: 'v1' }, 'v1', T0, LOOKAHEAD)).toBe(true);
  });

  it('plans a timeline whose sources changed since, or that was never planned from known sources', () => {
    expect(needsPlanning({ end: T0 + 30 * S, plannedFrom: 'v1' }, 'v2', T0, LOOKAHEAD)).toBe(true);
    expect(needsPlanning({ end: T0 + 30 * S, plannedFrom: null }, 'v1', T0, LOOKAHEAD)).toBe(true);
  });
});

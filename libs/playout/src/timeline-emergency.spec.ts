import type { EmergencyAiring } from './emergency-airing';
import {
  type LiveFeed,
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

const filler: VariantTimeline = { assetId: 'filler', segmentDurationsMs: [NOMINAL, NOMINAL] };
const news: VariantTimeline = { assetId: 'news', segmentDurationsMs: Array(20).fill(NOMINAL) };
const card: VariantTimeline = { assetId: 'card', segmentDurationsMs: [NOMINAL, NOMINAL] };
const warning: VariantTimeline = { assetId: 'warning', segmentDurationsMs: [NOMINAL, NOMINAL, NOMINAL] };

const newsSlot: PlannedOccurrence = {
  key: 'news',
  entryId: 'entry-news',
  start: T0,
  end: T0 + 120 * S,
  assetId: 'news',
};

function airing(fromS: number, untilS: number, overrides: Partial<EmergencyAiring> = {}): EmergencyAiring {
  return {
    overrideId: 'quake',
    from: T0 + fromS * S,
    until: T0 + untilS * S,
    variant: null,
    liveInputId: null,
    card,
    ...overrides,
  };
}

function context(emergency: EmergencyAiring[], extra: Partial<PlanContext> = {}): PlanContext {
  let n = 0;
  return {
    occurrences: [newsSlot],
    variants: new Map([
      ['news', news],
      ['card', card],
      ['warning', warning],
    ]),
    filler,
    nominalSegmentMs: NOMINAL,
    newItemId: () => `item-${++n}`,
    emergency,
    ...extra,
  };
}

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

describe('planUntil with emergency overrides', () => {
  it('switches to the generated card at the next boundary, loops it, and rejoins the programme where the schedule is', () => {
    // The override spans 10 s to 34 s: the boundaries nearest its start and end are 12 s and 36 s.
    const plan = planUntil(cursorAt(0), T0 + 60 * S, context([airing(10, 34)]));
    expect(summary(plan.segments)).toEqual([
      '0:news#0',
      '6:news#1',
      '12:card#0!',
      '18:card#1',
      '24:card#0!',
      '30:card#1',
      '36:news#6!',
      '42:news#7',
      '48:news#8',
      '54:news#9',
    ]);
    expect(plan.startedItems.map((i) => [i.kind, i.reason, i.occurrenceKey])).toEqual([
      ['programme', 'scheduled', 'news'],
      ['emergency', 'emergency-fallback', 'emergency:quake'],
      ['programme', 'scheduled', 'news'],
    ]);
  });

  it('airs the override’s own asset when it is ready', () => {
    const plan = planUntil(cursorAt(0), T0 + 30 * S, context([airing(4, 22, { variant: warning })]));
    expect(summary(plan.segments)).toEqual(['0:news#0', '6:warning#0!', '12:warning#1', '18:warning#2', '24:news#4!']);
    expect(plan.startedItems[1]).toMatchObject({ kind: 'emergency', reason: 'emergency' });
  });

  it('outranks a live takeover', () => {
    const segments: LiveSegment[] = Array.from({ length: 12 }, (_, i) => ({
      index: i,
      durationMs: NOMINAL,
      // The newest (index 11) captured 0–6 s, just before the cursor.
      recordedAt: T0 + 6 * S - (11 - i) * NOMINAL,
      discontinuity: false,
    }));
    const feed: LiveFeed = { inputId: 'studio', assetId: 'rec', airWhenConnected: false, segments };
    const plan = planUntil(
      cursorAt(6),
      T0 + 30 * S,
      context([airing(10, 60)], {
        live: {
          feeds: new Map([['studio', feed]]),
          takeover: { inputId: 'studio', from: T0, until: null },
          now: T0 + 8 * S,
          fallbackMs: 9 * S,
          returnSegments: 2,
        },
      }),
    );
    expect(summary(plan.segments)).toEqual(['6:rec#11', '12:card#0!', '18:card#1', '24:card#0!']);
  });

  it('airs its live input while the feed comes in, and the card when it does not', () => {
    const segments: LiveSegment[] = Array.from({ length: 3 }, (_, i) => ({
      index: i,
      durationMs: NOMINAL,
      recordedAt: T0 + (i + 1) * NOMINAL,
      discontinuity: false,
    }));
    const feed: LiveFeed = { inputId: 'bmkg', assetId: 'rec', airWhenConnected: false, segments };
    const live = { feeds: new Map([['bmkg', feed]]), takeover: null, fallbackMs: 9 * S, returnSegments: 2 };
    const receiving = planUntil(
      cursorAt(12),
      T0 + 18 * S,
      context([airing(0, 60, { liveInputId: 'bmkg' })], { live: { ...live, now: T0 + 19 * S } }),
    );
    expect(summary(receiving.segments)).toEqual(['12:rec#2']);
    expect(receiving.startedItems[0]).toMatchObject({
      kind: 'live',
      reason: 'emergency',
      occurrenceKey: 'emergency:quake',
    });
    const silent = planUntil(
      cursorAt(60 - 24),
      T0 + 48 * S,
      context([airing(0, 60, { liveInputId: 'bmkg' })], { live: { ...live, now: T0 + 40 * S } }),
    );
    expect(summary(silent.segments)).toEqual(['36:card#0', '42:card#1']);
    expect(silent.startedItems[0]).toMatchObject({ kind: 'emergency', reason: 'emergency-fallback' });
  });

  it('leaves the timeline alone when neither source nor card can air yet', () => {
    const plan = planUntil(cursorAt(0), T0 + 18 * S, context([airing(0, 60, { card: null })]));
    expect(summary(plan.segments)).toEqual(['0:news#0', '6:news#1', '12:news#2']);
  });
});

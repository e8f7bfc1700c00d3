import {
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

const SONGS = [variant('s1', 20 * S), variant('s2', 14 * S), variant('id', 4 * S), variant('s3', 30 * S)];

function context(occurrences: PlannedOccurrence[]): PlanContext {
  let n = 0;
  return {
    occurrences,
    variants: new Map(SONGS.map((song) => [song.assetId, song])),
    filler: variant('filler', 12 * S),
    nominalSegmentMs: NOMINAL,
    newItemId: () => `item-${++n}`,
  };
}

const cursorAt = (at: number): PlayoutCursor => ({
  at,
  nextMsn: 0,
  discontinuities: 0,
  current: null,
  finishedKeys: [],
  pendingDiscontinuity: false,
});

/** A block from `startS` to `endS` of the songs in order, planned back to back from its start. */
function block(startS: number, endS: number, assetIds: string[]): PlannedOccurrence {
  let at = T0 + startS * S;
  const items = assetIds.map((assetId) => {
    const item = { assetId, startAt: at, insert: assetId === 'id' };
    at += SONGS.find((song) => song.assetId === assetId)?.segmentDurationsMs.reduce((a, b) => a + b, 0) ?? 0;
    return item;
  });
  return {
    key: 'block',
    entryId: 'entry',
    start: T0 + startS * S,
    end: T0 + endS * S,
    assetId: assetIds[0],
    block: { playlistId: 'p', items },
  };
}

const summary = (segments: PlannedSegment[]) =>
  segments.map((s) => `${(s.startAt - T0) / S}:${s.assetId}#${s.segmentIndex}${s.discontinuity ? '!' : ''}`);

describe('planUntil, blocks from a playlist', () => {
  it('airs the block items back to back, each whole, and cuts the last at the boundary nearest the end', () => {
    const result = planUntil(cursorAt(T0), T0 + 80 * S, context([block(0, 60, ['s1', 's2', 'id', 's3'])]));
    expect(summary(result.segments)).toEqual([
      '0:s1#0',
      '6:s1#1',
      '12:s1#2',
      '18:s1#3',
      '20:s2#0!',
      '26:s2#1',
      '32:s2#2',
      '34:id#0!',
      '38:s3#0!',
      '44:s3#1',
      '50:s3#2',
      '56:s3#3',
      '62:filler#0!',
      '68:filler#1',
      '74:filler#0!',
    ]);
    expect(result.startedItems.map((item) => [item.assetId, item.blockIndex ?? null, item.occurrenceKey])).toEqual([
      ['s1', 0, 'block'],
      ['s2', 1, 'block'],
      ['id', 2, 'block'],
      ['s3', 3, 'block'],
      ['filler', null, null],
    ]);
  });

  it('joins a block in progress in the item planned to air then', () => {
    const result = planUntil(cursorAt(T0 + 24 * S), T0 + 40 * S, context([block(0, 60, ['s1', 's2', 'id', 's3'])]));
    expect(summary(result.segments)).toEqual(['24:s2#1', '30:s2#2', '32:id#0!', '36:s3#0!']);
  });

  it('goes on with the item on air after a re-plan, then with the item after it', () => {
    const first = planUntil(cursorAt(T0), T0 + 24 * S, context([block(0, 60, ['s1', 's2', 'id', 's3'])]));
    const again = planUntil(first.cursor, T0 + 40 * S, context([block(0, 60, ['s1', 's2', 'id', 's3'])]));
    expect(summary(again.segments)).toEqual(['26:s2#1', '32:s2#2', '34:id#0!', '38:s3#0!']);
  });

  it('airs filler when its first item could not air even half a segment before the end', () => {
    const result = planUntil(cursorAt(T0), T0 + 24 * S, context([block(0, 21, ['s1', 's3'])]));
    expect(summary(result.segments)).toEqual(['0:s1#0', '6:s1#1', '12:s1#2', '18:s1#3', '20:filler#0!']);
  });
});

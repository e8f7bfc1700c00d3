import { type Rotation, type RotationRule } from './rotation';

/**
 * When an insert (a station ID, a jingle, the news intro) airs between the items of a block:
 * every N minutes of the block, after every N items, or at minute M of every hour.
 */
export type InsertRule =
  { every: 'minutes'; minutes: number } | { every: 'items'; items: number } | { every: 'hour'; minute: number };

export interface BlockInserts {
  rule: InsertRule;
  /** The rotation of the playlist the inserts come from. */
  rotation: Rotation;
}

export interface BlockPlanInput {
  /** The block's slot, in ms since the epoch. */
  start: number;
  end: number;
  music: Rotation;
  inserts: BlockInserts | null;
  /** The channel zone's offset from UTC at the block, for "minute M of every hour". */
  zoneOffsetMs: number;
}

export interface BlockItem {
  assetId: string;
  startAt: number;
  durationMs: number;
  insert: boolean;
  /** The rotation rules dropped to choose this item (see `RELAXATION_ORDER`). */
  relaxed: RotationRule[];
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The times inserts are due at, in order, from the block's start. */
function* marksOf(rule: InsertRule, start: number, zoneOffsetMs: number): Generator<number> {
  if (rule.every === 'minutes') {
    for (let k = 1; ; k += 1) yield start + k * rule.minutes * MINUTE;
  }
  if (rule.every === 'hour') {
    const localHour = Math.floor((start + zoneOffsetMs) / HOUR) * HOUR - zoneOffsetMs;
    for (let k = 0; ; k += 1) {
      const mark = localHour + k * HOUR + rule.minute * MINUTE;
      if (mark >= start) yield mark;
    }
  }
}

/**
 * Fills a block back to back from its rotation, from `start` until the items reach `end` (the
 * last one may run past it: the playout cuts it at the segment boundary nearest the end).
 * Inserts go between items only, at the item boundary nearest their time, never cutting an
 * item; a time-based insert due while another is pending is served once. Every item's
 * duration must be positive; an empty rotation ends the block where it stands.
 */
export function planBlock(input: BlockPlanInput): BlockItem[] {
  const { start, end, music, inserts } = input;
  const items: BlockItem[] = [];
  const marks = inserts && inserts.rule.every !== 'items' ? marksOf(inserts.rule, start, input.zoneOffsetMs) : null;
  let mark = marks ? (marks.next().value as number) : Infinity;
  let itemsSinceInsert = 0;
  let at = start;
  const air = (rotation: Rotation, pick: NonNullable<ReturnType<Rotation['next']>>, insert: boolean) => {
    const { item } = pick;
    items.push({ assetId: item.assetId, startAt: at, durationMs: item.durationMs, insert, relaxed: pick.relaxed });
    const played = {
      assetId: item.assetId,
      artist: item.artist,
      kind: item.kind,
      startedAt: at,
      playlistId: rotation.playlist.id,
    };
    music.record(played);
    if (inserts && inserts.rotation !== music) inserts.rotation.record(played);
    at += item.durationMs;
  };

  while (at < end) {
    const pick = music.next(at);
    if (!pick) break;
    if (inserts) {
      const due =
        inserts.rule.every === 'items'
          ? itemsSinceInsert >= inserts.rule.items
          : // Now, or after the next item: whichever boundary is nearer the mark. A mark at the end is past the block.
            mark < end && 2 * mark <= 2 * at + pick.item.durationMs;
      if (due) {
        itemsSinceInsert = 0;
        const insert = inserts.rotation.next(at);
        if (insert) air(inserts.rotation, insert, true);
        // The mark is served; marks passed meanwhile (an item longer than the interval) are served with it.
        if (marks)
          do mark = marks.next().value as number;
          while (mark <= at);
        if (insert) continue;
      }
    }
    air(music, pick, false);
    itemsSinceInsert += 1;
  }
  return items;
}

import { type PlayedItem, type RotationRules } from '@siaran/playlists';
import { type BlockPlan } from './timeline';

/** An item of a block as the as-run log keeps it: what the rotation rules of a later block look back on. */
export interface StoredBlockItem {
  assetId: string;
  artist: string | null;
  /** The block's playlist (its inserts' included). */
  playlistId: string;
  occurrenceKey: string;
  blockIndex: number;
  startedAt: number;
}

/** A block planned earlier in the same pass, before the one being planned. */
export interface EarlierBlock {
  key: string;
  plan: BlockPlan;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** How far back the rules of these playlists look: their longest separation, and an hour for a limit by kind. */
export function rulesWindowMs(rules: readonly RotationRules[]): number {
  let window = 0;
  for (const rule of rules) {
    window = Math.max(window, (rule.itemSeparationMinutes ?? 0) * MINUTE, (rule.artistSeparationMinutes ?? 0) * MINUTE);
    if (Object.keys(rule.kindLimitsPerHour).length > 0) window = Math.max(window, HOUR);
  }
  return window;
}

/**
 * What aired or will air on the channel in the `windowMs` before a block starts, oldest first,
 * for its rotation rules: the as-run log where it has the items, and for blocks planned
 * earlier in the same pass the items the log does not have yet. An item the log has keeps its
 * air time, so a block's history changes only when what aired before it changes.
 */
export function blockHistory(
  block: { key: string; start: number },
  stored: readonly StoredBlockItem[],
  earlier: readonly EarlierBlock[],
  windowMs: number,
  describe: (assetId: string) => { artist: string | null; kind: string },
): PlayedItem[] {
  const from = block.start - windowMs;
  const played: PlayedItem[] = [];
  const storedUpTo = new Map<string, number>();
  for (const item of stored) {
    if (item.occurrenceKey === block.key) continue;
    storedUpTo.set(item.occurrenceKey, Math.max(storedUpTo.get(item.occurrenceKey) ?? -1, item.blockIndex));
    if (item.startedAt < from || item.startedAt >= block.start) continue;
    played.push({
      assetId: item.assetId,
      artist: item.artist,
      kind: describe(item.assetId).kind,
      startedAt: item.startedAt,
      playlistId: item.playlistId,
    });
  }
  for (const { key, plan } of earlier) {
    if (key === block.key) continue;
    const after = storedUpTo.get(key) ?? -1;
    plan.items.forEach((item, index) => {
      if (index <= after || item.startAt < from || item.startAt >= block.start) return;
      const { artist, kind } = describe(item.assetId);
      played.push({ assetId: item.assetId, artist, kind, startedAt: item.startAt, playlistId: plan.playlistId });
    });
  }
  return played.sort((a, b) => a.startedAt - b.startedAt);
}

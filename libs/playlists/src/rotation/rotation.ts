/**
 * Rotation: which item of a playlist airs next. Pure and deterministic: the same playlist,
 * seed, history and time give the same choice on every replica and after every restart.
 *
 * Times are milliseconds since the Unix epoch.
 */

export const PLAYLIST_ORDERS = ['in-order', 'shuffled', 'weighted'] as const;
export type PlaylistOrder = (typeof PLAYLIST_ORDERS)[number];

/** The rules a rotation keeps while it can; see `RELAXATION_ORDER` for what gives way first. */
export interface RotationRules {
  /** An item does not air again within this many minutes. */
  itemSeparationMinutes: number | null;
  /** Two items of the same artist are at least this many minutes apart. */
  artistSeparationMinutes: number | null;
  /** At most this many items of a kind (asset kind: `music`, `ident`, …) in any hour. */
  kindLimitsPerHour: Readonly<Record<string, number>>;
}

export const NO_RULES: RotationRules = Object.freeze({
  itemSeparationMinutes: null,
  artistSeparationMinutes: null,
  kindLimitsPerHour: Object.freeze({}),
});

/**
 * When no item meets every rule, the rules are dropped one at a time in this order until one
 * does: first the limits by kind, then the artist separation, and last the item separation,
 * in which case the item that aired longest ago airs. A pick therefore always exists when the
 * playlist has an item, and costs at most one pass over it per rule.
 */
export const RELAXATION_ORDER = ['kind-limit', 'artist-separation', 'item-separation'] as const;
export type RotationRule = (typeof RELAXATION_ORDER)[number];

export interface RotationItem {
  assetId: string;
  /** Null when the item has no artist: such items never clash on the artist rule. */
  artist: string | null;
  kind: string;
  /** Relative chance in a weighted playlist (positive). */
  weight: number;
  durationMs: number;
}

export interface RotationPlaylist {
  id: string;
  order: PlaylistOrder;
  items: readonly RotationItem[];
  rules: RotationRules;
}

/** An item that aired (or is planned to), as the rules see it. */
export interface PlayedItem {
  assetId: string;
  artist: string | null;
  kind: string;
  startedAt: number;
  /** The playlist whose rotation chose it, if any. */
  playlistId: string | null;
}

export interface RotationPick {
  item: RotationItem;
  /** The rules dropped to make this pick (a prefix of `RELAXATION_ORDER`). */
  relaxed: RotationRule[];
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** 32-bit FNV-1a, then a final mix: a fast, stable hash for seeding (not for security). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) from the seed and a label. */
const unit = (seed: string, label: string | number) => hash32(`${seed}|${label}`) / 4_294_967_296;

/** Artists are compared without case and surrounding spaces. */
const artistKey = (artist: string | null) => (artist === null ? null : artist.trim().toLowerCase());

/** The rules kept, one bit each in `RELAXATION_ORDER`. */
const ALL_RULES = (1 << RELAXATION_ORDER.length) - 1;
const KIND_LIMIT = 1;
const ARTIST_SEPARATION = 2;
const ITEM_SEPARATION = 4;

/** What a rotation needs of a playlist besides its items, worked out once per playlist however many rotations use it. */
interface Catalogue {
  cumulativeWeights: number[];
  /** First position of each asset. */
  indexOf: Map<string, number>;
  /** Each item's artist as compared. */
  artistKeys: Map<RotationItem, string | null>;
}

const catalogues = new WeakMap<readonly RotationItem[], Catalogue>();

function catalogueOf(items: readonly RotationItem[]): Catalogue {
  let catalogue = catalogues.get(items);
  if (!catalogue) {
    catalogue = { cumulativeWeights: [], indexOf: new Map(), artistKeys: new Map() };
    let total = 0;
    for (const [index, item] of items.entries()) {
      total += Math.max(item.weight, 0);
      catalogue.cumulativeWeights.push(total);
      if (!catalogue.indexOf.has(item.assetId)) catalogue.indexOf.set(item.assetId, index);
      catalogue.artistKeys.set(item, artistKey(item.artist));
    }
    catalogues.set(items, catalogue);
  }
  return catalogue;
}

/**
 * The rotation of one playlist on one channel: built from what aired before (oldest first),
 * then asked for the next item and told what aired, pick after pick.
 */
export class Rotation {
  private readonly lastByAsset = new Map<string, number>();
  private readonly lastByArtist = new Map<string, number>();
  /** Artists as compared, by their names as given, worked out once per rotation. */
  private readonly artistKeys = new Map<string, string>();
  private readonly kindStarts = new Map<string, number[]>();
  /** Items of this playlist already aired in the current pass (shuffled order). */
  private readonly inPass = new Set<string>();
  private passNumber = 0;
  /** This pass's shuffle, drawn lazily (Fisher-Yates, one position at a time): the first `drawn` positions are final. */
  private passOrder: RotationItem[] | null = null;
  private drawn = 0;
  /** The positions before this one hold items already aired in the pass. */
  private passStart = 0;
  private lastIndex = -1;
  private readonly catalogue: Catalogue;

  constructor(
    readonly playlist: RotationPlaylist,
    private readonly seed: string,
    history: readonly PlayedItem[] = [],
  ) {
    this.catalogue = catalogueOf(playlist.items);
    for (const played of history) this.record(played);
  }

  /** Takes an aired item into account (from any playlist: the rules are the channel's). */
  record(played: PlayedItem): void {
    this.lastByAsset.set(played.assetId, played.startedAt);
    if (played.artist !== null) {
      let artist = this.artistKeys.get(played.artist);
      if (artist === undefined) {
        artist = artistKey(played.artist) as string;
        this.artistKeys.set(played.artist, artist);
      }
      this.lastByArtist.set(artist, played.startedAt);
    }
    // Only the kinds this playlist limits are counted.
    if (this.playlist.rules.kindLimitsPerHour[played.kind] !== undefined) {
      const starts = this.kindStarts.get(played.kind) ?? [];
      starts.push(played.startedAt);
      while (starts.length > 0 && starts[0] <= played.startedAt - HOUR) starts.shift();
      this.kindStarts.set(played.kind, starts);
    }
    if (played.playlistId !== this.playlist.id) return;
    const index = this.catalogue.indexOf.get(played.assetId);
    if (index === undefined) return;
    this.lastIndex = index;
    this.inPass.add(played.assetId);
    if (this.inPass.size >= this.catalogue.indexOf.size) {
      this.inPass.clear();
      this.passNumber += 1;
      this.passOrder = null;
    }
  }

  /** The item to air at `at`, or null when the playlist has no item. Nothing is recorded. */
  next(at: number): RotationPick | null {
    const items = this.playlist.items;
    if (items.length === 0) return null;
    for (let step = 0; step <= RELAXATION_ORDER.length; step += 1) {
      // Dropping the first `step` rules of the order.
      const item = this.choose(at, ALL_RULES & ~((1 << step) - 1));
      if (item) return { item, relaxed: RELAXATION_ORDER.slice(0, step) };
    }
    return { item: this.longestAgo(), relaxed: [...RELAXATION_ORDER] };
  }

  /** Whether `item` may air at `at` under the rules kept (bits of `RELAXATION_ORDER`). */
  private allowed(item: RotationItem, at: number, kept: number): boolean {
    const { rules } = this.playlist;
    if (kept & ITEM_SEPARATION && rules.itemSeparationMinutes !== null) {
      const last = this.lastByAsset.get(item.assetId);
      if (last !== undefined && at - last < rules.itemSeparationMinutes * MINUTE) return false;
    }
    if (kept & ARTIST_SEPARATION && rules.artistSeparationMinutes !== null) {
      const artist = this.catalogue.artistKeys.get(item) ?? null;
      const last = artist === null ? undefined : this.lastByArtist.get(artist);
      if (last !== undefined && at - last < rules.artistSeparationMinutes * MINUTE) return false;
    }
    if (kept & KIND_LIMIT) {
      const limit = rules.kindLimitsPerHour[item.kind];
      if (limit !== undefined) {
        const starts = this.kindStarts.get(item.kind) ?? [];
        let inHour = 0;
        for (const start of starts) if (start > at - HOUR) inHour += 1;
        if (inHour >= limit) return false;
      }
    }
    return true;
  }

  private choose(at: number, kept: number): RotationItem | null {
    const items = this.playlist.items;
    switch (this.playlist.order) {
      case 'in-order': {
        for (let step = 1; step <= items.length; step += 1) {
          const item = items[(this.lastIndex + step) % items.length];
          if (this.allowed(item, at, kept)) return item;
        }
        return null;
      }
      case 'shuffled': {
        while (this.passStart < items.length && this.inPass.has(this.passItem(this.passStart).assetId))
          this.passStart += 1;
        for (let k = this.passStart; k < items.length; k += 1) {
          const item = this.passItem(k);
          if (!this.inPass.has(item.assetId) && this.allowed(item, at, kept)) return item;
        }
        for (let k = 0; k < items.length; k += 1) {
          const item = this.passItem(k);
          if (this.allowed(item, at, kept)) return item;
        }
        return null;
      }
      case 'weighted': {
        const total = this.catalogue.cumulativeWeights.at(-1) ?? 0;
        if (total > 0)
          for (let attempt = 0; attempt < 8; attempt += 1) {
            const item = items[this.weightedIndex(unit(this.seed, `${at}:${attempt}`) * total)];
            if (this.allowed(item, at, kept)) return item;
          }
        const start = Math.floor(unit(this.seed, at) * items.length);
        for (let step = 0; step < items.length; step += 1) {
          const item = items[(start + step) % items.length];
          if (this.allowed(item, at, kept)) return item;
        }
        return null;
      }
    }
  }

  /**
   * The item at position `k` of this pass's shuffle: every item once, in an order fixed by the
   * seed and the pass. Positions are drawn when first asked for, so a pick costs what it reads
   * rather than a shuffle of the whole playlist.
   */
  private passItem(k: number): RotationItem {
    if (!this.passOrder) {
      this.passOrder = [...this.playlist.items];
      this.drawn = 0;
      this.passStart = 0;
    }
    const order = this.passOrder;
    while (this.drawn <= k) {
      const position = this.drawn;
      const swap =
        position + Math.floor(unit(this.seed, `pass${this.passNumber}:${position}`) * (order.length - position));
      [order[position], order[swap]] = [order[swap], order[position]];
      this.drawn += 1;
    }
    return order[k];
  }

  private weightedIndex(target: number): number {
    const weights = this.catalogue.cumulativeWeights;
    let low = 0;
    let high = weights.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (weights[middle] > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** The item that aired longest ago (never aired counts as longest), first in the playlist on a tie. */
  private longestAgo(): RotationItem {
    const items = this.playlist.items;
    let best = items[0];
    let bestAt = this.lastByAsset.get(best.assetId) ?? -Infinity;
    for (const item of items) {
      const at = this.lastByAsset.get(item.assetId) ?? -Infinity;
      if (at < bestAt) {
        best = item;
        bestAt = at;
      }
    }
    return best;
  }
}

/**
 * The item at `position` of a playlist aired over and over without rules (a channel's filler):
 * in order, item after item; shuffled, every item once per pass, each pass in an order drawn
 * from the seed; weighted, each position drawn by weight. A pure function of its arguments,
 * so a timeline can go on from any position; null for an empty playlist.
 */
export function sequenceAt(playlist: RotationPlaylist, seed: string, position: number): RotationItem | null {
  const items = playlist.items;
  const count = items.length;
  if (count === 0) return null;
  if (playlist.order === 'in-order') return items[position % count];
  if (playlist.order === 'weighted') {
    const weights = catalogueOf(items).cumulativeWeights;
    const total = weights[count - 1];
    if (total <= 0) return items[position % count];
    const target = unit(seed, `sequence:${position}`) * total;
    const index = weights.findIndex((weight) => weight > target);
    return items[index === -1 ? count - 1 : index];
  }
  const pass = Math.floor(position / count);
  const order = [...items];
  for (let k = 0; k <= position % count; k += 1) {
    const swap = k + Math.floor(unit(seed, `pass${pass}:${k}`) * (count - k));
    [order[k], order[swap]] = [order[swap], order[k]];
  }
  return order[position % count];
}

/**
 * The emergency layer of the timeline: an override airing on a channel, as the planner sees
 * it. It outranks everything else (a takeover, a connected feed, the schedule and filler).
 * Times are milliseconds since the Unix epoch.
 */
export interface EmergencyAiring {
  overrideId: string;
  from: number;
  until: number;
  /** The override's asset, when it is ready in the channel's preset. */
  variant: { assetId: string; segmentDurationsMs: number[] } | null;
  /** The override's live input, when its feed is encoded in the channel's preset. */
  liveInputId: string | null;
  /** The generated bulletin: airs when the source cannot (not ready, not live, or `generated`). */
  card: { assetId: string; segmentDurationsMs: number[] } | null;
}

/** How an override's items are keyed in the as-run log (as `occurrence_key`): one item per override. */
export const emergencyItemKey = (overrideId: string): string => `emergency:${overrideId}`;

/** The override airing at `time`; of several, the one that started last. */
export function emergencyAt(time: number, airings: readonly EmergencyAiring[]): EmergencyAiring | undefined {
  let found: EmergencyAiring | undefined;
  for (const airing of airings)
    if (airing.from <= time && time < airing.until && (!found || airing.from > found.from)) found = airing;
  return found;
}

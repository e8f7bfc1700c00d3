import { createHash } from 'node:crypto';
import { type OverrideOnAir } from '@siaran/emergency';
import type { EmergencyAiring } from './emergency-airing';
import type { PlaylistAlert } from './live-playlist';

/**
 * What playout reads of emergency overrides, as a narrow port the emergency context
 * implements: the overrides that may air, and a call whenever they change in this process.
 */
export abstract class EmergencySource {
  /** Confirmed overrides, not ended, whose span overlaps [from, to). */
  abstract overlapping(from: Date, to: Date): Promise<OverrideOnAir[]>;

  /** `listener` runs (and is awaited) whenever an override is created, changed, confirmed or ended here. */
  abstract onChange(listener: (overrideId: string) => Promise<void>): void;
}

/** The asset ids an override may air on a channel of `preset`: its own asset and its bulletins. */
export function emergencyAssetIds(overrides: readonly OverrideOnAir[], preset: string): string[] {
  return overrides.flatMap((o) => [
    ...(o.source?.kind === 'asset' ? [o.source.assetId] : []),
    ...(o.cards.get(preset) ?? []),
  ]);
}

/**
 * The takeovers among `overrides` as the planner reads them, given the variants ready in the
 * channel's preset and the live inputs whose feeds the channel can air. The card is the
 * newest bulletin that is ready.
 */
export function emergencyAirings(
  overrides: readonly OverrideOnAir[],
  preset: string,
  variants: ReadonlyMap<string, { assetId: string; segmentDurationsMs: number[] }>,
  airableInputs: ReadonlySet<string>,
): EmergencyAiring[] {
  return overrides
    .filter((o) => o.mode === 'takeover')
    .map((o) => {
      const cardId = (o.cards.get(preset) ?? []).find((id) => variants.has(id));
      return {
        overrideId: o.id,
        from: o.startsAt.getTime(),
        until: o.expiresAt.getTime(),
        variant: o.source?.kind === 'asset' ? (variants.get(o.source.assetId) ?? null) : null,
        liveInputId: o.source?.kind === 'live' && airableInputs.has(o.source.liveInputId) ? o.source.liveInputId : null,
        card: cardId ? (variants.get(cardId) ?? null) : null,
      };
    });
}

/** What of the overrides decides what airs on a channel: planning again is needed when it changes. */
export function emergencyStateOf(overrides: readonly OverrideOnAir[], preset: string): string {
  return JSON.stringify(
    overrides
      .filter((o) => o.mode === 'takeover')
      .map((o) => [o.id, o.startsAt.getTime(), o.expiresAt.getTime(), o.source, o.cards.get(preset) ?? []]),
  );
}

/** The as-run title of an override's items: the warning itself. */
export const emergencyTitle = (override: Pick<OverrideOnAir, 'messageId'>): string =>
  `Peringatan darurat: ${override.messageId}`.slice(0, 200);

export const EMERGENCY_PROBLEM_CODES = [
  'EMERGENCY_SOURCE_NOT_READY',
  'EMERGENCY_LIVE_ABSENT',
  'EMERGENCY_NOT_AIRING',
] as const;

/**
 * Why a takeover on a channel does not air as asked: its asset is not ready (or its live input
 * has no feed) and its generated bulletin airs instead, or nothing of it can air yet.
 */
export function emergencyProblems(
  item: { kind: string; reason: string } | null,
  covering: readonly OverrideOnAir[],
  preset: string,
): Array<{ code: (typeof EMERGENCY_PROBLEM_CODES)[number]; message: string }> {
  const takeover = covering.filter((o) => o.mode === 'takeover').at(-1);
  if (!takeover) return [];
  const airing = item?.kind === 'emergency' || item?.reason === 'emergency';
  if (!airing)
    return [
      {
        code: 'EMERGENCY_NOT_AIRING',
        message: `Emergency override ${takeover.id} is on, but neither its source nor its generated bulletin is ready for ${preset} yet.`,
      },
    ];
  if (item?.reason !== 'emergency-fallback') return [];
  if (takeover.source?.kind === 'asset')
    return [
      {
        code: 'EMERGENCY_SOURCE_NOT_READY',
        message: `The asset of emergency override ${takeover.id} is not ready for ${preset}: its generated bulletin airs.`,
      },
    ];
  if (takeover.source?.kind === 'live')
    return [
      {
        code: 'EMERGENCY_LIVE_ABSENT',
        message: `The live input of emergency override ${takeover.id} has no feed in ${preset}: its generated bulletin airs.`,
      },
    ];
  return [];
}

/** The overrides as EXT-X-DATERANGE marks: a new ID whenever what players show of one changes. */
export function playlistAlertsOf(overrides: readonly OverrideOnAir[]): PlaylistAlert[] {
  return overrides.map((o) => {
    const version = createHash('sha1')
      .update(JSON.stringify([o.messageId, o.messageEn, o.severity, o.startsAt.getTime(), o.expiresAt.getTime()]))
      .digest('hex')
      .slice(0, 8);
    return {
      id: `emergency-${o.id}-${version}`,
      start: o.startsAt.getTime(),
      end: o.expiresAt.getTime(),
      severity: o.severity,
      message: o.messageId,
      messageEn: o.messageEn,
    };
  });
}

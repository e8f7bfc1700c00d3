/** Emergency overrides: the types every part of the context and its readers share. */

export const EMERGENCY_SEVERITIES = ['minor', 'moderate', 'severe', 'extreme'] as const;
export type EmergencySeverity = (typeof EMERGENCY_SEVERITIES)[number];

export const OVERRIDE_MODES = ['takeover', 'crawl'] as const;
/** `takeover`: the channel airs the override's source; `crawl`: programmes go on and players show the message. */
export type OverrideMode = (typeof OVERRIDE_MODES)[number];

export type EmergencyScope =
  { kind: 'all' } | { kind: 'stations'; stationIds: string[] } | { kind: 'channels'; channelIds: string[] };

/** What a takeover airs. */
export type OverrideSource =
  { kind: 'asset'; assetId: string } | { kind: 'live'; liveInputId: string } | { kind: 'generated' };

export type OverrideStatus = 'awaiting-confirmation' | 'scheduled' | 'active' | 'expired' | 'ended';

/** An override as stored, with who issued and confirmed it. */
export interface EmergencyOverride {
  id: string;
  scope: EmergencyScope;
  mode: OverrideMode;
  source: OverrideSource | null;
  messageId: string;
  messageEn: string | null;
  /** Raised with every change of the message: a bulletin is made per version. */
  messageVersion: number;
  severity: EmergencySeverity;
  startsAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  needsConfirmation: boolean;
  confirmedAt: Date | null;
  confirmedBy: { id: string | null; email: string } | null;
  createdBy: { id: string | null; email: string };
  createdAt: Date;
  updatedAt: Date;
}

/** An override as playout reads it: confirmed, not ended early, `expiresAt` its real end. */
export interface OverrideOnAir {
  id: string;
  scope: EmergencyScope;
  mode: OverrideMode;
  source: OverrideSource | null;
  messageId: string;
  messageEn: string | null;
  severity: EmergencySeverity;
  startsAt: Date;
  expiresAt: Date;
  /** The generated bulletins per ladder preset, newest message first. */
  cards: ReadonlyMap<string, readonly string[]>;
}

export function statusOf(override: EmergencyOverride, now: number): OverrideStatus {
  if (override.endedAt) return 'ended';
  if (override.needsConfirmation && !override.confirmedAt) return 'awaiting-confirmation';
  if (now < override.startsAt.getTime()) return 'scheduled';
  return now < override.expiresAt.getTime() ? 'active' : 'expired';
}

/** Whether an override covers a channel. */
export function coversChannel(
  override: Pick<OverrideOnAir, 'scope'>,
  channel: { id: string; stationId: string },
): boolean {
  const { scope } = override;
  if (scope.kind === 'all') return true;
  return scope.kind === 'stations'
    ? scope.stationIds.includes(channel.stationId)
    : scope.channelIds.includes(channel.id);
}

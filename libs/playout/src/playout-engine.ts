import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { LadderPresets, ReadyVariants } from '@siaran/media';
import { Clock } from '@siaran/time';
import { PlayoutSettings } from './playout-settings';
import { ItemMeta, PlayoutStore } from './playout-store';
import { ScheduledOccurrence, ScheduleSource } from './playout-sources';
import { PlayoutChannel, PlayoutChannels } from './playout-channels';
import { PlannedOccurrence, planUntil, VariantTimeline } from './timeline';

export interface ChannelInputs {
  channel: PlayoutChannel;
  occurrences: ScheduledOccurrence[];
  planned: PlannedOccurrence[];
  variants: Map<string, VariantTimeline>;
  filler: VariantTimeline | null;
  titles: Map<string, string>;
  fingerprint: string;
}

/**
 * Keeps every channel's timeline materialised a little ahead of real time. The future
 * beyond what players have been given is re-planned whenever what it was planned from
 * changes (schedule edits, assets becoming ready or going away, filler changes).
 */
@Injectable()
export class PlayoutEngine {
  private readonly logger = new Logger(PlayoutEngine.name);

  constructor(
    private readonly store: PlayoutStore,
    private readonly channels: PlayoutChannels,
    private readonly schedule: ScheduleSource,
    private readonly variants: ReadyVariants,
    private readonly presets: LadderPresets,
    private readonly settings: PlayoutSettings,
    private readonly clock: Clock,
  ) {}

  /** One pass over `channels` (default: every channel); returns the channels whose timeline changed. */
  async tick(channels?: readonly PlayoutChannel[]): Promise<string[]> {
    const now = this.clock.now().getTime();
    const changed: string[] = [];
    for (const channel of channels ?? (await this.channels.all())) {
      try {
        if (await this.extend(channel, now)) changed.push(channel.id);
      } catch (error) {
        this.logger.error(`playout of ${channel.slug} failed: ${(error as Error).message}`);
      }
    }
    return changed;
  }

  async inputs(channel: PlayoutChannel, from: number, to: number): Promise<ChannelInputs> {
    const occurrences = await this.schedule.occurrences(channel.id, new Date(from), new Date(to));
    const assetIds = new Set<string>();
    for (const o of occurrences) if (o.source.kind === 'asset') assetIds.add(o.source.assetId);
    const fillerCandidates = [channel.fillerAssetId, channel.slateAssetId].filter((id): id is string => Boolean(id));
    fillerCandidates.forEach((id) => assetIds.add(id));
    const ready = await this.variants.readyVariants([...assetIds], channel.preset);
    const variants = new Map<string, VariantTimeline>();
    for (const [id, variant] of ready) variants.set(id, { assetId: id, segmentDurationsMs: variant.segments.map((s) => s.durationMs) });
    const titles = await this.store.assetTitles([...variants.keys()]);
    const fillerId = fillerCandidates.find((id) => variants.has(id));
    const planned: PlannedOccurrence[] = occurrences.map((o) => ({
      key: o.occurrenceKey,
      entryId: o.entryId,
      start: o.start.getTime(),
      end: o.end.getTime(),
      assetId: o.source.kind === 'asset' && variants.has(o.source.assetId) ? o.source.assetId : null,
    }));
    const fingerprint = createHash('sha1')
      .update(JSON.stringify([fillerId ?? null, planned.map((o) => [o.key, o.start, o.end, o.assetId, o.assetId ? variants.get(o.assetId)?.segmentDurationsMs.length : 0])]))
      .digest('base64url');
    return { channel, occurrences, planned, variants, filler: fillerId ? (variants.get(fillerId) as VariantTimeline) : null, titles, fingerprint };
  }

  /** Extends one channel's timeline to `now + lookahead`; true when anything was written. */
  async extend(channel: PlayoutChannel, now: number): Promise<boolean> {
    const { lookaheadMs, maxBackfillMs } = this.settings;
    const nominalMs = this.presets.get(channel.preset).segmentSeconds * 1000;
    const horizon = now + lookaheadMs;
    // Keep whatever starts before this: players may have been given it.
    const keepUntil = now + nominalMs / 3;
    const inputs = await this.inputs(channel, now - maxBackfillMs, horizon + nominalMs);

    return this.store.transaction(async (manager) => {
      const state = await this.store.lock(manager, channel.id);
      let replanned = false;
      if (state.planFingerprint !== null && state.planFingerprint !== inputs.fingerprint) {
        await this.store.truncateAfter(manager, channel.id, new Date(keepUntil));
        replanned = true;
      }
      let cursor = await this.store.cursor(manager, channel.id, state, inputs.planned);
      if (cursor && cursor.at >= horizon - lookaheadMs / 2 && !replanned) return false;
      if (!cursor) {
        // A new channel starts a full window in the past, so players can start at once.
        const at = now - this.settings.windowSegments * nominalMs;
        cursor = { at, nextMsn: 0, discontinuities: 0, current: null, finishedKeys: [], pendingDiscontinuity: false };
      } else if (cursor.at < now - maxBackfillMs) {
        // Down for longer than players could bridge: resume at the live point, marked as a jump.
        cursor = { ...cursor, at: now, pendingDiscontinuity: true };
      }
      const plan = planUntil(cursor, horizon, {
        occurrences: inputs.planned,
        variants: inputs.variants,
        filler: inputs.filler,
        nominalSegmentMs: nominalMs,
        newItemId: randomUUID,
      });
      const meta = new Map<string, ItemMeta>();
      for (const item of plan.startedItems) meta.set(item.itemId, this.itemMeta(item.occurrenceKey, item.assetId, inputs));
      await this.store.append(manager, channel.id, plan, meta);
      await this.store.saveState(manager, channel.id, { pendingDiscontinuity: plan.cursor.pendingDiscontinuity, planFingerprint: inputs.fingerprint });
      return plan.segments.length > 0 || replanned;
    });
  }

  private itemMeta(occurrenceKey: string | null, assetId: string, inputs: ChannelInputs): ItemMeta {
    const occurrence = occurrenceKey ? inputs.occurrences.find((o) => o.occurrenceKey === occurrenceKey) : undefined;
    if (occurrence) return { title: occurrence.programme.title, programme: { ...occurrence.programme } };
    return { title: inputs.titles.get(assetId) ?? inputs.channel.name, programme: null };
  }
}

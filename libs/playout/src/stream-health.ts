import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '@siaran/observability';
import { ReadyVariants } from '@siaran/media';
import { Clock } from '@siaran/time';
import { PlayoutChannels } from './playout-channels';
import { PlayoutStore } from './playout-store';
import { ScheduleSource } from './playout-sources';
import type { ItemKind } from './timeline';

export type StreamState = 'on-air' | 'filler' | 'off-air';

export interface StreamProblem {
  code: 'OFF_AIR' | 'SOURCE_NOT_READY' | 'SOURCE_MISSING' | 'FILLER_MISSING' | 'SLATE_MISSING';
  message: string;
  entryId?: string;
  startsAt?: string;
}

export interface StreamHealth {
  channel: { id: string; slug: string; name: string; kind: 'tv' | 'radio' };
  state: StreamState;
  current: null | { itemId: string; kind: ItemKind; title: string; startedAt: string; reason: string };
  secondsToNextSwitch: number | null;
  problems: StreamProblem[];
}

/** Problems are looked for this far ahead: enough to fix them before they air. */
const LOOKAHEAD_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class StreamHealthService implements OnModuleInit {
  constructor(
    private readonly channels: PlayoutChannels,
    private readonly store: PlayoutStore,
    private readonly schedule: ScheduleSource,
    private readonly variants: ReadyVariants,
    private readonly metrics: MetricsRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const nextSwitch = new Gauge({
      name: 'siaran_channel_next_switch_seconds',
      help: 'Seconds until the item on air is planned to change.',
      labelNames: ['channel'],
      registers: [],
    });
    const problems = new Gauge({
      name: 'siaran_channel_problems',
      help: 'Problems per channel and kind (assets not ready, filler missing, off air).',
      labelNames: ['channel', 'code'],
      registers: [],
    });
    const all = () => this.all();
    // The three gauges are filled together, from one reading, when the state gauge is collected:
    // it is registered first so that the other two are read after it.
    const state = new Gauge({
      name: 'siaran_channel_state',
      help: '1 for the state each channel is in (on-air, filler, off-air).',
      labelNames: ['channel', 'state'],
      registers: [],
      async collect() {
        this.reset();
        nextSwitch.reset();
        problems.reset();
        for (const health of await all()) {
          for (const s of ['on-air', 'filler', 'off-air'] as const)
            this.set({ channel: health.channel.slug, state: s }, health.state === s ? 1 : 0);
          if (health.secondsToNextSwitch !== null)
            nextSwitch.set({ channel: health.channel.slug }, health.secondsToNextSwitch);
          const counts = new Map<string, number>();
          for (const problem of health.problems) counts.set(problem.code, (counts.get(problem.code) ?? 0) + 1);
          for (const [code, count] of counts) problems.set({ channel: health.channel.slug, code }, count);
        }
      },
    });
    for (const gauge of [state, nextSwitch, problems]) this.metrics.registry.registerMetric(gauge);
  }

  async all(): Promise<StreamHealth[]> {
    const now = this.clock.now().getTime();
    const result: StreamHealth[] = [];
    for (const channel of await this.channels.all()) {
      const [found, upcoming, nextStart] = await Promise.all([
        this.store.itemAt(channel.id, new Date(now)),
        this.schedule.occurrences(channel.id, new Date(now), new Date(now + LOOKAHEAD_MS)),
        this.store.nextItemStart(channel.id, new Date(now)),
      ]);
      const assetIds = upcoming.flatMap((o) => (o.source.kind === 'asset' ? [o.source.assetId] : []));
      const fillers = [channel.fillerAssetId, channel.slateAssetId].filter((id): id is string => Boolean(id));
      const ready = await this.variants.readyDurations([...assetIds, ...fillers], channel.preset);
      const problems: StreamProblem[] = [];
      const item = found?.item ?? null;
      if (!item)
        problems.push({ code: 'OFF_AIR', message: 'Nothing is airing: no programme source and no filler is ready.' });
      for (const o of upcoming) {
        if (o.source.kind === 'none') {
          problems.push({
            code: 'SOURCE_MISSING',
            message: `"${o.programme.title}" has no source: filler will air.`,
            entryId: o.entryId,
            startsAt: o.start.toISOString(),
          });
        } else if (o.source.kind === 'asset' && !ready.has(o.source.assetId)) {
          problems.push({
            code: 'SOURCE_NOT_READY',
            message: `The asset of "${o.programme.title}" is not ready for ${channel.preset}: filler will air.`,
            entryId: o.entryId,
            startsAt: o.start.toISOString(),
          });
        }
      }
      if (!channel.fillerAssetId || !ready.has(channel.fillerAssetId)) {
        problems.push({
          code: 'FILLER_MISSING',
          message: channel.fillerAssetId
            ? 'The chosen filler asset is not ready: the generated slate airs instead.'
            : 'No filler asset is chosen: the generated slate airs between programmes.',
        });
      }
      if (!channel.slateAssetId || !ready.has(channel.slateAssetId))
        problems.push({ code: 'SLATE_MISSING', message: 'The generated slate is not ready yet.' });
      result.push({
        channel: { id: channel.id, slug: channel.slug, name: channel.name, kind: channel.kind },
        state: !item ? 'off-air' : item.kind === 'filler' ? 'filler' : 'on-air',
        current: item && {
          itemId: item.id,
          kind: item.kind,
          title: item.title,
          startedAt: item.startedAt.toISOString(),
          reason: item.reason,
        },
        secondsToNextSwitch: nextStart === null ? null : Math.max(0, Math.round((nextStart - now) / 1000)),
        problems,
      });
    }
    return result;
  }
}

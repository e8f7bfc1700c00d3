import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { type InputState, LiveInputStates } from '@siaran/ingest';
import { LadderPresets } from '@siaran/media';
import { MetricsRegistry } from '@siaran/observability';
import { ReadyVariants } from '@siaran/media';
import { Clock } from '@siaran/time';
import { PlayoutChannels } from './playout-channels';
import { PlayoutSettings } from './playout-settings';
import { PlayoutStore } from './playout-store';
import { ScheduleSource } from './playout-sources';
import type { ItemKind } from './timeline';

export type StreamState = 'on-air' | 'filler' | 'off-air';

/** An input's feed as engineers watch it: `live` when on air, `standby` when in but not aired. */
export type InputHealthState = 'idle' | 'connecting' | 'live' | 'standby' | 'failing';
export const INPUT_HEALTH_STATES: readonly InputHealthState[] = ['idle', 'connecting', 'live', 'standby', 'failing'];

export interface InputHealth {
  id: string;
  name: string;
  kind: InputState['kind'];
  enabled: boolean;
  state: InputHealthState;
  since: string | null;
  streamerName: string | null;
  bitrateKbps: number | null;
  frameRate: number | null;
  lastSegmentAgeSeconds: number | null;
  segmentsDropped: number;
  encoderRestarts: number;
  silent: boolean;
  problem: string | null;
}

export interface StreamProblem {
  code:
    | 'OFF_AIR'
    | 'SOURCE_NOT_READY'
    | 'SOURCE_MISSING'
    | 'FILLER_MISSING'
    | 'SLATE_MISSING'
    | 'LIVE_FEED_ABSENT'
    | 'LIVE_FEED_SILENT';
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
  inputs: InputHealth[];
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
    private readonly inputStates: LiveInputStates,
    private readonly presets: LadderPresets,
    private readonly settings: PlayoutSettings,
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
    for (const gauge of [state, nextSwitch, problems, ...this.inputGauges(all)])
      this.metrics.registry.registerMetric(gauge);
  }

  /** `siaran_input_*`: one series per live input, filled from one reading when the state gauge is collected. */
  private inputGauges(all: () => Promise<StreamHealth[]>): Gauge[] {
    const labelNames = ['channel', 'input'];
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers: [] });
    const bitrate = gauge('siaran_input_bitrate_kbps', 'Bitrate of the feed coming in, in kbit/s.');
    const frameRate = gauge('siaran_input_frame_rate', 'Frames per second the live encoder reads from the feed.');
    const age = gauge(
      'siaran_input_last_segment_age_seconds',
      'Seconds since the last segment of the feed was stored.',
    );
    const dropped = gauge('siaran_input_segments_dropped', 'Segments of the current session that could not be stored.');
    const restarts = gauge('siaran_input_encoder_restarts', 'Live encoder restarts in the current session.');
    const perInput = [bitrate, frameRate, age, dropped, restarts];
    const state = new Gauge({
      name: 'siaran_input_state',
      help: '1 for the state each live input is in (idle, connecting, live, standby, failing).',
      labelNames: [...labelNames, 'state'],
      registers: [],
      async collect() {
        this.reset();
        perInput.forEach((g) => g.reset());
        for (const health of await all())
          for (const input of health.inputs) {
            const labels = { channel: health.channel.slug, input: input.name };
            for (const s of INPUT_HEALTH_STATES) this.set({ ...labels, state: s }, input.state === s ? 1 : 0);
            if (input.bitrateKbps !== null) bitrate.set(labels, input.bitrateKbps);
            if (input.frameRate !== null) frameRate.set(labels, input.frameRate);
            if (input.lastSegmentAgeSeconds !== null) age.set(labels, input.lastSegmentAgeSeconds);
            dropped.set(labels, input.segmentsDropped);
            restarts.set(labels, input.encoderRestarts);
          }
      },
    });
    return [state, ...perInput];
  }

  /** A feed whose last segment is late by more than the fallback delay, or whose encoder reports a problem, is failing. */
  private inputHealth(channel: { preset: string }, input: InputState, airing: string | null): InputHealth {
    const lateAfterS = this.settings.liveFallbackSegments * this.presets.get(channel.preset).segmentSeconds;
    const failing =
      input.feed !== 'idle' &&
      (input.problem !== null || (input.lastSegmentAgeSeconds !== null && input.lastSegmentAgeSeconds > lateAfterS));
    const state: InputHealthState = failing
      ? 'failing'
      : input.feed === 'receiving'
        ? airing === input.id
          ? 'live'
          : 'standby'
        : input.feed;
    return {
      id: input.id,
      name: input.name,
      kind: input.kind,
      enabled: input.enabled,
      state,
      since: input.since?.toISOString() ?? null,
      streamerName: input.streamerName,
      bitrateKbps: input.bitrateKbps,
      frameRate: input.frameRate,
      lastSegmentAgeSeconds: input.lastSegmentAgeSeconds,
      segmentsDropped: input.segmentsDropped,
      encoderRestarts: input.encoderRestarts,
      silent: input.silent,
      problem: input.problem,
    };
  }

  async all(): Promise<StreamHealth[]> {
    const now = this.clock.now().getTime();
    const result: StreamHealth[] = [];
    const [channels, inputStates] = await Promise.all([this.channels.all(), this.inputStates.all()]);
    for (const channel of channels) {
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
      const airing = item?.kind === 'live' ? item.liveInputId : null;
      const inputs = inputStates
        .filter((input) => input.channelId === channel.id)
        .map((input) => this.inputHealth(channel, input, airing));
      if (item?.kind === 'filler' && (item.reason === 'live-absent' || item.reason === 'live-dropped'))
        problems.push({
          code: 'LIVE_FEED_ABSENT',
          message:
            item.reason === 'live-dropped'
              ? 'The live feed dropped: filler airs until it has come back steadily.'
              : 'The live input due on air has no feed: filler airs instead.',
        });
      for (const input of inputs)
        if (input.silent)
          problems.push({ code: 'LIVE_FEED_SILENT', message: `The feed of ${input.name} has been silent.` });
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
        inputs,
      });
    }
    return result;
  }
}

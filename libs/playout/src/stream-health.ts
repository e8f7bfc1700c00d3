import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { type InputState, LiveInputStates } from '@siaran/ingest';
import { LadderPresets } from '@siaran/media';
import { MetricsRegistry } from '@siaran/observability';
import { ReadyVariants } from '@siaran/media';
import { coversChannel } from '@siaran/emergency';
import { Clock } from '@siaran/time';
import { EMERGENCY_PROBLEM_CODES, emergencyProblems, EmergencySource } from './emergency-source';
import { PlayoutChannels } from './playout-channels';
import { PlayoutSettings } from './playout-settings';
import { PlayoutStore } from './playout-store';
import { type PlaylistForAir, PlaylistSource, ScheduleSource, type ScheduledOccurrence } from './playout-sources';
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

const STREAM_STATES: readonly StreamState[] = ['on-air', 'filler', 'off-air'];

const STREAM_PROBLEM_CODES = [
  'OFF_AIR',
  'SOURCE_NOT_READY',
  'SOURCE_MISSING',
  'FILLER_MISSING',
  'SLATE_MISSING',
  'LIVE_FEED_ABSENT',
  'LIVE_FEED_SILENT',
  ...EMERGENCY_PROBLEM_CODES,
] as const;

export interface StreamProblem {
  code: (typeof STREAM_PROBLEM_CODES)[number];
  message: string;
  entryId?: string;
  startsAt?: string;
}

export interface StreamHealth {
  channel: { id: string; slug: string; name: string; kind: 'tv' | 'radio' };
  state: StreamState;
  current: null | { itemId: string; kind: ItemKind; title: string; startedAt: string; reason: string };
  /** At most the look-ahead (24 h): nothing is planned to change before then. */
  secondsToNextSwitch: number;
  problems: StreamProblem[];
  inputs: InputHealth[];
}

/**
 * prom-client reads all gauges of a scrape at once: they share the one reading in flight, so a scrape
 * costs one health reading and its gauges agree with each other.
 */
function sharedReading(read: () => Promise<StreamHealth[]>): () => Promise<StreamHealth[]> {
  let inFlight: Promise<StreamHealth[]> | null = null;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

/**
 * The timeline is materialised only a little ahead: past it, the next switch is the next boundary of
 * the schedule, and with none in the look-ahead, the look-ahead's end.
 */
function nextSwitchAt(now: number, nextItemStart: number | null, upcoming: ScheduledOccurrence[]): number {
  if (nextItemStart !== null) return nextItemStart;
  const boundaries = upcoming.flatMap((o) => [o.start.getTime(), o.end.getTime()]).filter((at) => at > now);
  return Math.min(now + LOOKAHEAD_MS, ...boundaries);
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
    private readonly playlists: PlaylistSource,
    private readonly emergency: EmergencySource,
  ) {}

  onModuleInit(): void {
    const reading = sharedReading(() => this.all());
    for (const gauge of [...this.channelGauges(reading), ...this.inputGauges(reading)])
      this.metrics.registry.registerMetric(gauge);
  }

  /**
   * `siaran_channel_*`: every gauge has a sample for every channel (a problem code not found counts 0). */
  private channelGauges(reading: () => Promise<StreamHealth[]>): Gauge[] {
    return [
      new Gauge({
        name: 'siaran_channel_state',
        help: '1 for the state each channel is in (on-air, filler, off-air).',
        labelNames: ['channel', 'state'],
        registers: [],
        async collect() {
          this.reset();
          for (const health of await reading())
            for (const s of STREAM_STATES)
              this.set({ channel: health.channel.slug, state: s }, health.state === s ? 1 : 0);
        },
      }),
      new Gauge({
        name: 'siaran_channel_next_switch_seconds',
        help: 'Seconds until the item on air is planned to change.',
        labelNames: ['channel'],
        registers: [],
        async collect() {
          this.reset();
          for (const health of await reading()) this.set({ channel: health.channel.slug }, health.secondsToNextSwitch);
        },
      }),
      new Gauge({
        name: 'siaran_channel_problems',
        help: 'Problems per channel and kind (assets not ready, filler missing, off air).',
        labelNames: ['channel', 'code'],
        registers: [],
        async collect() {
          this.reset();
          for (const health of await reading())
            for (const code of STREAM_PROBLEM_CODES)
              this.set(
                { channel: health.channel.slug, code },
                health.problems.filter((problem) => problem.code === code).length,
              );
        },
      }),
    ];
  }

  /** `siaran_input_*`: one series per live input. */
  private inputGauges(reading: () => Promise<StreamHealth[]>): Gauge[] {
    const labelNames = ['channel', 'input'];
    const perInput = (name: string, help: string, value: (input: InputHealth) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [],
        async collect() {
          this.reset();
          for (const health of await reading())
            for (const input of health.inputs) {
              const v = value(input);
              if (v !== null) this.set({ channel: health.channel.slug, input: input.name }, v);
            }
        },
      });
    return [
      new Gauge({
        name: 'siaran_input_state',
        help: '1 for the state each live input is in (idle, connecting, live, standby, failing).',
        labelNames: [...labelNames, 'state'],
        registers: [],
        async collect() {
          this.reset();
          for (const health of await reading())
            for (const input of health.inputs)
              for (const s of INPUT_HEALTH_STATES)
                this.set({ channel: health.channel.slug, input: input.name, state: s }, input.state === s ? 1 : 0);
        },
      }),
      perInput('siaran_input_bitrate_kbps', 'Bitrate of the feed coming in, in kbit/s.', (i) => i.bitrateKbps),
      perInput(
        'siaran_input_frame_rate',
        'Frames per second the live encoder reads from the feed.',
        (i) => i.frameRate,
      ),
      perInput(
        'siaran_input_last_segment_age_seconds',
        'Seconds since the last segment of the feed was stored.',
        (i) => i.lastSegmentAgeSeconds,
      ),
      perInput(
        'siaran_input_segments_dropped',
        'Segments of the current session that could not be stored.',
        (i) => i.segmentsDropped,
      ),
      perInput(
        'siaran_input_encoder_restarts',
        'Live encoder restarts in the current session.',
        (i) => i.encoderRestarts,
      ),
    ];
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
    const [channels, inputStates, overrides] = await Promise.all([
      this.channels.all(),
      this.inputStates.all(),
      this.emergency.overlapping(new Date(now), new Date(now + 1)),
    ]);
    for (const channel of channels) {
      const [found, upcoming, nextStart] = await Promise.all([
        this.store.itemAt(channel.id, new Date(now)),
        this.schedule.occurrences(channel.id, new Date(now), new Date(now + LOOKAHEAD_MS)),
        this.store.nextItemStart(channel.id, new Date(now)),
      ]);
      const assetIds = upcoming.flatMap((o) => (o.source.kind === 'asset' ? [o.source.assetId] : []));
      const playlistIds = [
        ...new Set([
          ...upcoming.flatMap((o) => (o.source.kind === 'playlist' ? [o.source.playlistId] : [])),
          ...(channel.fillerPlaylistId ? [channel.fillerPlaylistId] : []),
        ]),
      ];
      const playlists: Map<string, PlaylistForAir> = playlistIds.length
        ? await this.playlists.playlistsForAir(playlistIds)
        : new Map();
      for (const playlist of playlists.values()) assetIds.push(...playlist.items.map((item) => item.assetId));
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
        } else if (
          o.source.kind === 'playlist' &&
          !playlists.get(o.source.playlistId)?.items.some((item) => ready.has(item.assetId))
        ) {
          problems.push({
            code: 'SOURCE_NOT_READY',
            message: `The playlist of "${o.programme.title}" has no item ready for ${channel.preset} (empty, or nothing transcoded yet): filler will air.`,
            entryId: o.entryId,
            startsAt: o.start.toISOString(),
          });
        }
      }
      if (channel.fillerPlaylistId) {
        if (!playlists.get(channel.fillerPlaylistId)?.items.some((filler) => ready.has(filler.assetId)))
          problems.push({
            code: 'FILLER_MISSING',
            message:
              'The filler playlist has no item ready (empty, or nothing transcoded yet): the filler asset or the generated slate airs instead.',
          });
      } else if (!channel.fillerAssetId || !ready.has(channel.fillerAssetId)) {
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
      problems.push(
        ...emergencyProblems(
          item,
          overrides.filter((o) => coversChannel(o, channel)),
          channel.preset,
        ),
      );
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
        secondsToNextSwitch: Math.max(0, Math.round((nextSwitchAt(now, nextStart, upcoming) - now) / 1000)),
        problems,
        inputs,
      });
    }
    return result;
  }
}

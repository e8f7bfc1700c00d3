import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ReadyRendition {
  name: string;
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  resolution?: { width: number; height: number };
  frameRate?: number;
  audioOnly: boolean;
}

/**
 * A transcoded asset as playout splices it: renditions in ladder order and the segment
 * list, identical for every rendition. Segment `index` of rendition `name` is stored at
 * `StorageKeys.assetSegment(assetId, preset, name, index)`.
 */
export interface ReadyVariant {
  assetId: string;
  preset: string;
  durationMs: number;
  renditions: ReadyRendition[];
  segments: Array<{ index: number; durationMs: number }>;
}

interface Row {
  asset_id: string;
  preset: string;
  duration_ms: number;
  renditions: Array<{
    name: string;
    bandwidth: number;
    average_bandwidth: number;
    codecs: string;
    width: number | null;
    height: number | null;
    frame_rate: number | null;
  }>;
  segments: Array<[number, number]>;
}

/** What playout reads: ready variants with their segment lists, for one asset or many in one query. */
@Injectable()
export class ReadyVariants {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async readyVariant(assetId: string, preset: string): Promise<ReadyVariant | null> {
    return (await this.readyVariants([assetId], preset)).get(assetId) ?? null;
  }

  /** Ready variants of `preset` for every asset that has one, keyed by asset id. */
  async readyVariants(assetIds: string[], preset: string): Promise<Map<string, ReadyVariant>> {
    const ids = [...new Set(assetIds)];
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT v.asset_id, v.preset, v.duration_ms,
         (SELECT json_agg(json_build_object('name', r.name, 'bandwidth', r.bandwidth, 'average_bandwidth', r.average_bandwidth, 'codecs', r.codecs,
                                            'width', r.width, 'height', r.height, 'frame_rate', r.frame_rate) ORDER BY r.position)
            FROM asset_renditions r WHERE r.asset_id = v.asset_id AND r.preset = v.preset) AS renditions,
         (SELECT json_agg(json_build_array(s.segment_index, s.duration_ms) ORDER BY s.segment_index)
            FROM asset_segments s WHERE s.asset_id = v.asset_id AND s.preset = v.preset) AS segments
       FROM asset_variants v
       WHERE v.asset_id = ANY($1::uuid[]) AND v.preset = $2 AND v.status = 'ready'`,
      [ids, preset],
    )) as Row[];
    return new Map(rows.map((row) => [row.asset_id, toReadyVariant(row)]));
  }

  /**
   * Which of `assetIds` are ready in `preset`, with their durations: for readers that need
   * no segment list (now-playing, stream health), whose assets may run to thousands of segments.
   */
  async readyDurations(assetIds: string[], preset: string): Promise<Map<string, number>> {
    const ids = [...new Set(assetIds)];
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT asset_id, duration_ms FROM asset_variants WHERE asset_id = ANY($1::uuid[]) AND preset = $2 AND status = 'ready'`,
      [ids, preset],
    )) as Array<{ asset_id: string; duration_ms: number }>;
    return new Map(rows.map((row) => [row.asset_id, row.duration_ms]));
  }
}

function toReadyVariant(row: Row): ReadyVariant {
  return {
    assetId: row.asset_id,
    preset: row.preset,
    durationMs: row.duration_ms,
    renditions: (row.renditions ?? []).map((r) => ({
      name: r.name,
      bandwidth: r.bandwidth,
      averageBandwidth: r.average_bandwidth,
      codecs: r.codecs,
      ...(r.width && r.height ? { resolution: { width: r.width, height: r.height } } : {}),
      ...(r.frame_rate ? { frameRate: r.frame_rate } : {}),
      audioOnly: !r.width,
    })),
    segments: (row.segments ?? []).map(([index, durationMs]) => ({ index, durationMs })),
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parseSegmentKey } from '@siaran/storage';

/**
 * Whether a key names a segment the system stored and registered (a segment row of a rendition
 * the asset has): the media route reads storage for those keys only, so made-up keys cost one
 * indexed lookup and never a storage read or a place in the segment cache.
 */
@Injectable()
export class WrittenSegments {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async has(key: string): Promise<boolean> {
    const segment = parseSegmentKey(key);
    if (!segment) return false;
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM asset_segments s
         JOIN asset_renditions r ON r.asset_id = s.asset_id AND r.preset = s.preset AND r.name = $3
       WHERE s.asset_id = $1 AND s.preset = $2 AND s.segment_index = $4`,
      [segment.assetId, segment.preset, segment.rendition, segment.index],
    )) as unknown[];
    return rows.length > 0;
  }
}

import { Injectable } from '@nestjs/common';
import { ApiError } from '@siaran/http';

/**
 * What the media API needs to know of stations and schedules: that a station exists,
 * the ladder presets of its channels, and whether an asset is scheduled.
 */
@Injectable()
export class StationLadders {
  async assertStationExists(stationId: string): Promise<void> {
    if (!stationId) throw new ApiError(404, 'STATION_NOT_FOUND', 'No such station.');
  }

  async presetsOf(stationId: string): Promise<string[]> {
    throw new ApiError(400, 'PRESETS_REQUIRED', `Station ${stationId} has no channels yet: name the ladder presets to transcode for (presets).`);
  }

  async assertNotScheduled(assetId: string): Promise<void> {
    if (!assetId) throw new ApiError(409, 'ASSET_SCHEDULED', 'The asset is scheduled.');
  }
}

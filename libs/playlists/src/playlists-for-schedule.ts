import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PlaylistDirectory, PlaylistRegistry } from '@siaran/scheduling';

/** Tells the schedule which station a playlist belongs to, holding the playlist until the schedule write commits. */
@Injectable()
export class PlaylistsForSchedule extends PlaylistDirectory implements OnModuleInit {
  constructor(private readonly registry: PlaylistRegistry) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async stationOf(manager: EntityManager, playlistId: string): Promise<string | null> {
    const rows: Array<{ station_id: string }> = await manager.query(
      'SELECT station_id FROM playlists WHERE id = $1 FOR KEY SHARE',
      [playlistId],
    );
    return rows[0]?.station_id ?? null;
  }
}

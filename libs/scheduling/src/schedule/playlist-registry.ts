import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@siaran/core';
import { InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';
import { type OccurrenceSource } from './schedule-types';

/**
 * The playlists as the schedule sees them without knowing them: the context that keeps them
 * implements this and registers with `PlaylistRegistry` when its module starts.
 */
export abstract class PlaylistDirectory {
  /**
   * Inside the schedule write's transaction: the station the playlist belongs to, or null when
   * there is no such playlist. The playlist is held (FOR KEY SHARE) until the write commits.
   */
  abstract stationOf(manager: EntityManager, playlistId: string): Promise<string | null>;
}

/** Where the playlists' owner registers; asked when an entry or an occurrence is to air a playlist. */
@Injectable()
export class PlaylistRegistry {
  private directory?: PlaylistDirectory;

  register(directory: PlaylistDirectory): void {
    this.directory = directory;
  }

  /** The playlist, and the one its inserts come from, must exist and belong to the channel's station. */
  async assertOfStation(
    manager: EntityManager,
    source: Extract<OccurrenceSource, { kind: 'playlist' }>,
    stationId: string,
  ): Promise<void> {
    for (const playlistId of [source.playlistId, ...(source.inserts ? [source.inserts.playlistId] : [])]) {
      if (!this.directory)
        throw new DomainError(
          'unavailable',
          ScheduleErrorCode.PlaylistsUnavailable,
          'This process has no playlists; a playlist source cannot be checked here',
        );
      const owner = await this.directory.stationOf(manager, playlistId);
      if (owner === null)
        throw new DomainError('not-found', ScheduleErrorCode.PlaylistNotFound, `No playlist ${playlistId}`);
      if (owner !== stationId)
        throw new InvalidScheduleInput(
          ScheduleErrorCode.PlaylistOfAnotherStation,
          "The playlist belongs to another station than the entry's channel",
          { playlistId },
        );
    }
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@siaran/core';
import { InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';

/**
 * The live inputs as the schedule sees them without knowing them: the context that keeps
 * them implements this and registers with `LiveInputRegistry` when its module starts.
 */
export abstract class LiveInputDirectory {
  /**
   * Inside the schedule write's transaction: the channel the input belongs to, or null when
   * there is no such input. The input is held (FOR KEY SHARE) until the write commits.
   */
  abstract channelOf(manager: EntityManager, liveInputId: string): Promise<string | null>;
}

/** Where the live inputs' owner registers; asked when an entry or an occurrence is to air a live input. */
@Injectable()
export class LiveInputRegistry {
  private directory?: LiveInputDirectory;

  register(directory: LiveInputDirectory): void {
    this.directory = directory;
  }

  /** The input must exist and belong to the channel the entry airs on. */
  async assertOnChannel(manager: EntityManager, liveInputId: string, channelId: string): Promise<void> {
    if (!this.directory)
      throw new DomainError(
        'unavailable',
        ScheduleErrorCode.LiveInputsUnavailable,
        'This process has no live inputs; a live source cannot be checked here',
      );
    const owner = await this.directory.channelOf(manager, liveInputId);
    if (owner === null)
      throw new DomainError('not-found', ScheduleErrorCode.LiveInputNotFound, `No live input ${liveInputId}`);
    if (owner !== channelId)
      throw new InvalidScheduleInput(
        ScheduleErrorCode.LiveInputOfAnotherChannel,
        'The live input belongs to another channel than the entry',
        { liveInputId },
      );
  }
}

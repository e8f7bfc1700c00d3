import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError, RetryLaterError } from '@siaran/core';
import { InFlightLimit } from '@siaran/http';

/** A user told to wait this long before starting another upload. */
const UPLOAD_RETRY_AFTER_SECONDS = 60;

/**
 * Uploads in flight, per user and in all (UPLOADS_MAX_PER_USER, UPLOADS_MAX_IN_FLIGHT): each
 * holds a connection, a spool file or a multipart upload in object storage while it lasts.
 */
@Injectable()
export class UploadSlots {
  private readonly limit: InFlightLimit;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = new InFlightLimit(config.media.uploadsMaxPerUser, config.media.uploadsMaxInFlight);
  }

  get inFlight(): number {
    return this.limit.inFlight;
  }

  /** The release of the slot taken for `userId`; throws 429 TOO_MANY_UPLOADS or 503 UPLOADS_FULL when there is none. */
  take(userId: string): () => void {
    const release = this.limit.acquire(userId);
    if (release === 'per-key')
      throw new RetryLaterError(
        'TOO_MANY_UPLOADS',
        `You already have ${this.limit.perKey} uploads in progress; wait until one ends.`,
        UPLOAD_RETRY_AFTER_SECONDS,
      );
    if (release === 'total')
      throw new DomainError('unavailable', 'UPLOADS_FULL', 'The server takes as many uploads as it can; try later.');
    return release;
  }
}

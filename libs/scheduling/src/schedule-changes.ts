import { Injectable } from '@nestjs/common';

/**
 * Tells this process's readers that a write committed here, so that what they cache for a
 * moment (channel headings, see GuideService) is read again at once. Other processes see
 * the change through the schedule version within the cache's short lifetime.
 */
@Injectable()
export class ScheduleChanges {
  private generation = 0;

  get current(): number {
    return this.generation;
  }

  committed(): void {
    this.generation += 1;
  }

  /** Awaits a write's transaction, then tells the readers. */
  async after<T>(transaction: Promise<T>): Promise<T> {
    const result = await transaction;
    this.committed();
    return result;
  }
}

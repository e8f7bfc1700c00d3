import { Injectable, Logger } from '@nestjs/common';
import type { OverrideOnAir } from './emergency-override';
import { EmergencyStore } from './emergency-store';

/**
 * The overrides that may air, for playout (its `EmergencySource`), and the listeners told
 * whenever one is created, changed, confirmed or ended in this process.
 */
@Injectable()
export class EmergencyOverrides {
  private readonly logger = new Logger(EmergencyOverrides.name);
  private readonly listeners: Array<(overrideId: string) => Promise<void>> = [];

  constructor(private readonly store: EmergencyStore) {}

  overlapping(from: Date, to: Date): Promise<OverrideOnAir[]> {
    return this.store.onAir(from, to);
  }

  onChange(listener: (overrideId: string) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Runs every listener; one that fails is logged and does not stop the others (the worker plans again anyway). */
  async changed(overrideId: string): Promise<void> {
    for (const listener of this.listeners)
      await listener(overrideId).catch((error: Error) =>
        this.logger.error(`reacting to override ${overrideId} failed: ${error.message}`),
      );
  }
}

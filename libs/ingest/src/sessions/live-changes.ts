import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * Tells this process's readers that a channel's live feeds changed (a segment stored, a session
 * started or ended), so playout plans the segment at once instead of at its next tick.
 */
@Injectable()
export class LiveChanges {
  private readonly events = new EventEmitter().setMaxListeners(0);

  emit(channelId: string): void {
    this.events.emit('change', channelId);
  }

  onChange(listener: (channelId: string) => void): void {
    this.events.on('change', listener);
  }
}

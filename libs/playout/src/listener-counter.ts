import { Injectable } from '@nestjs/common';

/** A player that fetched a playlist within this window counts as listening. */
export const LISTENER_WINDOW_MS = 60_000;
const MAX_USER_AGENT = 256;

/**
 * Estimates listeners per channel as the distinct clients (address + user agent) that fetched
 * one of its media playlists in the last minute. Players reload the playlist every target
 * duration, so each active player is seen several times a minute. Counted per API process:
 * behind several replicas, add their figures.
 */
@Injectable()
export class ListenerCounter {
  private readonly seen = new Map<string, Map<string, number>>();

  record(channelId: string, address: string, userAgent: string, now: number): void {
    let clients = this.seen.get(channelId);
    if (!clients) {
      clients = new Map();
      this.seen.set(channelId, clients);
    }
    // Kept in this process's memory only, for a minute: the plain pair is the key.
    clients.set(`${address}\n${userAgent.slice(0, MAX_USER_AGENT)}`, now);
    if (clients.size > 50_000) this.prune(clients, now);
  }

  count(channelId: string, now: number): number {
    const clients = this.seen.get(channelId);
    if (!clients) return 0;
    this.prune(clients, now);
    return clients.size;
  }

  private prune(clients: Map<string, number>, now: number): void {
    for (const [client, at] of clients) if (at < now - LISTENER_WINDOW_MS) clients.delete(client);
  }
}

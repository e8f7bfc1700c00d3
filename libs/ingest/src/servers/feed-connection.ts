import type { FeedSource, IncomingFeed, InputForIngest } from '../feed';

/** An IncomingFeed over one TCP connection: `ended` settles when it closes, title listeners get the studio's updates. */
export class FeedConnection implements IncomingFeed {
  readonly ended: Promise<void>;
  private readonly titleListeners: ((title: string) => void)[] = [];
  private markEnded!: () => void;

  constructor(
    readonly input: InputForIngest,
    readonly remoteAddress: string,
    readonly source: FeedSource,
    readonly streamerName: string | null,
    private readonly closeConnection: () => void,
  ) {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  close(): void {
    this.closeConnection();
  }

  onTitle(listener: (title: string) => void): void {
    this.titleListeners.push(listener);
  }

  /** Called by the server when the connection is gone. */
  connectionClosed(): void {
    this.markEnded();
  }

  /** Called by the server with a title the studio sent. */
  titleReceived(title: string): void {
    for (const listener of this.titleListeners) listener(title);
  }
}

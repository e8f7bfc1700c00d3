import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DemoData } from '@siaran/scheduling';

/** `npm start` on an empty database shows a full guide at once. */
@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  constructor(private readonly demo: DemoData) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.demo.loadIfEmpty();
  }
}

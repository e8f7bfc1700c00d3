import { Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ObjectStorage } from './object-storage';

@Global()
@Module({ providers: [ObjectStorage], exports: [ObjectStorage] })
export class StorageModule implements OnApplicationBootstrap {
  constructor(private readonly storage: ObjectStorage) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.storage.ensureBucket();
  }
}

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';

export interface SpooledFile {
  read(): NodeJS.ReadableStream & AsyncIterable<Buffer>;
  remove(): Promise<void>;
}

/**
 * A file part that arrives before the fields that say what it is waits on disk until the rest of
 * the request is read: never in memory, whatever its size.
 */
@Injectable()
export class UploadSpool {
  async write(stream: NodeJS.ReadableStream): Promise<SpooledFile> {
    const dir = await mkdtemp(join(tmpdir(), 'siaran-upload-'));
    const path = join(dir, 'file');
    const remove = () => rm(dir, { recursive: true, force: true });
    try {
      await pipeline(stream, createWriteStream(path));
    } catch (error) {
      await remove();
      throw error;
    }
    return { read: () => createReadStream(path), remove };
  }
}

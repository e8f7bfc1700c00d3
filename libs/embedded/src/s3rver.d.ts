declare module 's3rver' {
  import { type IncomingMessage, type ServerResponse } from 'node:http';

  interface S3rverOptions {
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    address?: string;
    port?: number;
  }

  export interface S3rverStore {
    deleteObject(bucket: string, key: string): Promise<void>;
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    readonly store: S3rverStore;
    getMiddleware(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}

declare module 's3rver/lib/models/account' {
  /** s3rver's registry of key pairs: the one account every signed request is checked against. */
  export default class AWSAccount {
    static readonly DUMMY_ACCOUNT: AWSAccount;
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
  }
}

declare module 's3rver' {
  import { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    address?: string;
    port?: number;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    getMiddleware(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}

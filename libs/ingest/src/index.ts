export * from './encoder/live-encoder';
export * from './encoder/live-encoder-args';
export * from './feed';
export * from './input-credentials';

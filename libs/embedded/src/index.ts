export * from './data-dir-lock';
export * from './embedded-postgres';
export * from './embedded-s3';
export * from './infrastructure';
export * from './live-secrets-key';
export * from './embedded-secrets';
export * from './s3-signature';

export * from './boot';
export * from './platform.module';

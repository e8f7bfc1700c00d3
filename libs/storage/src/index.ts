export * from './object-storage';
export * from './storage.module';

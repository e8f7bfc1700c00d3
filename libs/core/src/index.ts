export * from './bounded-cache';
export * from './domain-error';

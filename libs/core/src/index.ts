export * from './bounded-cache';
export * from './domain-error';
export * from './process-alive';
export * from './calendar';
export * from './password-policy';

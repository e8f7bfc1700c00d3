export * from './feed';
export * from './input-credentials';
export * from './servers';

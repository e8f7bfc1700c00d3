export * from './logging';
export * from './metrics';
export * from './pretty-log';
export * from './operator-console';

export * from './feed';
export * from './input-credentials';
export * from './sessions/live-changes';
export * from './sessions/live-feeds';
export * from './sessions/live-feeds.module';
export * from './sessions/live-input-states';
export * from './sessions/live-session-store';

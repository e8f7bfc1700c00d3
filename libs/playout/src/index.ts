export * from './live-playlist';
export * from './timeline';

export * from './playlist-errors';
export * from './playlists-for-air';
export * from './playlists.module';
export * from './playlists.service';
export * from './rotation/block-plan';
export * from './rotation/rotation';

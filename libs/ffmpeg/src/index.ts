export * from './ffmpeg-locator';
export * from './ffmpeg.module';

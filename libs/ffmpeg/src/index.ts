export * from './ffmpeg-args';
export * from './ffmpeg-error';
export * from './ffmpeg-installation';
export * from './ffmpeg-locator';
export * from './ffmpeg-progress';
export * from './ffmpeg-runner';
export * from './ffmpeg.module';
export * from './launch-command';

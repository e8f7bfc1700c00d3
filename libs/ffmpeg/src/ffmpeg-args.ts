/** Pieces of the ffmpeg and ffprobe command lines that every builder (and the live encoders) shares. */

export function kbps(value: number): string {
  return `${value}k`;
}

export interface CommonArgsOptions {
  /** Only errors on stderr: the stderr tail kept with a failure is then the error itself. */
  errorsOnly?: boolean;
  /** Progress as key=value reports on stdout, read by the runner (progress, stall watchdog), instead of the stats line. */
  progress?: boolean;
}

/** The start of every ffmpeg command: no banner, never reads the terminal, overwrites its outputs. */
export function commonArgs(options: CommonArgsOptions = {}): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-y',
    ...(options.errorsOnly ? ['-loglevel', 'error'] : []),
    ...(options.progress ? ['-nostats', '-progress', 'pipe:1'] : []),
  ];
}

/**
 * Before an input: the only protocols and demuxers it may be opened with (comma-separated, as
 * ffmpeg takes them). Anything else is refused, such as a playlist naming other files or URLs.
 */
export function inputWhitelist(allowed: { protocols?: string; demuxers?: string }): string[] {
  return [
    ...(allowed.protocols ? ['-protocol_whitelist', allowed.protocols] : []),
    ...(allowed.demuxers ? ['-format_whitelist', allowed.demuxers] : []),
  ];
}

/** ffprobe's report of the sections asked for, as JSON on stdout; only errors on stderr. */
export function ffprobeJsonArgs(sections: ReadonlyArray<'format' | 'streams' | 'error'>): string[] {
  return ['-v', 'error', '-print_format', 'json', ...sections.map((section) => `-show_${section}`)];
}

/**
 * Keyframes only on the GOP grid, all IDR, closed GOPs: segments of every rendition, and of
 * every stream encoded with the same settings, start on the same frame and decode on their own.
 */
export function keyframeArgs(video: { gopSeconds: number; fps: number }): string[] {
  const gopFrames = String(Math.round(video.gopSeconds * video.fps));
  return [
    '-g',
    gopFrames,
    '-keyint_min',
    gopFrames,
    '-sc_threshold',
    '0',
    '-flags',
    '+cgop',
    '-forced-idr',
    '1',
    '-force_key_frames',
    `expr:gte(t,n_forced*${video.gopSeconds})`,
  ];
}

/** AAC-LC, the profile every HLS player decodes: one bitrate per audio output, in output order. */
export function aacArgs(audio: { bitratesKbps: readonly number[]; sampleRate: number; channels: number }): string[] {
  return [
    '-c:a',
    'aac',
    '-profile:a',
    'aac_low',
    ...audio.bitratesKbps.flatMap((bitrate, i) => [`-b:a:${i}`, kbps(bitrate)]),
    '-ar',
    String(audio.sampleRate),
    '-ac',
    String(audio.channels),
  ];
}

/**
 * The end of the command that makes a generated card (a slate, an emergency bulletin): `seconds`
 * of H.264 and AAC into `output`, made once and then encoded through a ladder like any upload.
 */
export function generatedCardOutputArgs(seconds: number, output: string): string[] {
  return [
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    output,
  ];
}

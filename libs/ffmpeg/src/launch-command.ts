/**
 * The command that starts ffmpeg: under `setpriv --pdeathsig KILL` where available, so
 * that ffmpeg dies with the worker even when the worker is killed outright (no orphan
 * transcodes), and under `nice`.
 */
export function launchCommand(binary: string, args: string[], options: { nice: number; setpriv?: string }): string[] {
  const niced = options.nice > 0 ? ['nice', '-n', String(options.nice), binary, ...args] : [binary, ...args];
  return options.setpriv ? [options.setpriv, '--pdeathsig', 'KILL', '--', ...niced] : niced;
}

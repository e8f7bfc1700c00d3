import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { speechArgs } from './bulletin-args';

const run = promisify(execFile);
const SPEAK_TIMEOUT_MS = 10_000;

/** espeak-ng, the only place that runs it: optional, found at ESPEAK_PATH or on the PATH. */
@Injectable()
export class SpeechSynthesizer {
  private found?: Promise<string | null>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The executable, or null when there is none (bulletins are then the tone and silence). */
  executable(): Promise<string | null> {
    this.found ??= this.locate();
    return this.found;
  }

  /** Speaks `textFile` into the WAV file `output`; false when espeak-ng is not installed. */
  async speak(textFile: string, output: string): Promise<boolean> {
    const executable = await this.executable();
    if (!executable) return false;
    await run(executable, speechArgs(textFile, output), { timeout: SPEAK_TIMEOUT_MS, killSignal: 'SIGKILL' });
    return true;
  }

  private async locate(): Promise<string | null> {
    const candidates = this.config.emergency.espeakPath
      ? [this.config.emergency.espeakPath]
      : (process.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, 'espeak-ng'));
    for (const candidate of candidates)
      if (
        await access(candidate, constants.X_OK).then(
          () => true,
          () => false,
        )
      )
        return candidate;
    return null;
  }
}

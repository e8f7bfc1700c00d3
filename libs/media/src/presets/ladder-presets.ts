import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { LadderPreset, parseLadderPreset } from './ladder-preset';

/** config/ladders of this installation, found upwards from here (the same from source and dist). */
export function builtInLadderDir(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'config', 'ladders');
    if (existsSync(join(candidate, 'tv-default.json'))) return candidate;
  }
  throw new Error(`config/ladders (the built-in ladder presets) was not found above ${from}`);
}

function readDir(dir: string): LadderPreset[] {
  if (!existsSync(dir)) throw new Error(`LADDER_PRESETS_DIR ${dir} does not exist`);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new Error(`ladder preset ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
      const preset = parseLadderPreset(json, path);
      if (preset.name !== basename(file, '.json'))
        throw new Error(`ladder preset ${path} is named "${preset.name}": name the file ${preset.name}.json`);
      return preset;
    });
}

/** Built-in presets, then those of `overrideDir`, a file replacing the built-in one of its name. */
export function loadLadderPresets(builtInDir: string, overrideDir?: string): Map<string, LadderPreset> {
  const presets = new Map<string, LadderPreset>();
  for (const preset of [...readDir(builtInDir), ...(overrideDir ? readDir(overrideDir) : [])])
    presets.set(preset.name, preset);
  return presets;
}

export class UnknownPresetError extends Error {
  constructor(readonly preset: string) {
    super(`there is no ladder preset named ${preset}`);
    this.name = 'UnknownPresetError';
  }
}

/** The ladder presets, loaded and validated once at boot: a bad file stops the boot. */
@Injectable()
export class LadderPresets {
  private readonly presets: Map<string, LadderPreset>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.presets = loadLadderPresets(builtInLadderDir(), config.media.ladderPresetsDir);
  }

  names(): string[] {
    return [...this.presets.keys()];
  }

  has(name: string): boolean {
    return this.presets.has(name);
  }

  get(name: string): LadderPreset {
    const preset = this.presets.get(name);
    if (!preset) throw new UnknownPresetError(name);
    return preset;
  }
}

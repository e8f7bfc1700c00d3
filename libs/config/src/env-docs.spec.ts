import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ENV_DESCRIPTIONS, EnvVars } from './env.schema';

describe('configuration documentation', () => {
  const validated = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvVars, '', true, false)
        .map((m) => m.propertyName),
    ),
  ].sort();
  const described = ENV_DESCRIPTIONS.map((d) => d.name).sort();

  it('describes every validated variable, and only those', () => {
    expect(described).toEqual(validated);
  });

  it('has a README row and an example line for every variable', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const example = readFileSync(join(__dirname, '../../../config/siaran.env.example'), 'utf8');
    for (const name of described) {
      expect(readme).toContain(`| \`${name}\` |`);
      expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import allowed from './lib-dependencies.json';

/**
 * dependency-cruiser enforces which lib may import which (`.dependency-cruiser.cjs` reads
 * lib-dependencies.json); this keeps that table complete and the README's copy of it true.
 */
const ROOT = join(__dirname, '..', '..');

/** The rows of the README table headed `| Lib | May import |`, as lib → its allowed libs. */
function readmeTable(): Record<string, string[]> {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const header = lines.indexOf('| Lib | May import |');
  expect(header).toBeGreaterThan(0);
  const rows: Record<string, string[]> = {};
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [lib, imports] = line
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim());
    rows[lib.replace(/`/g, '')] =
      imports === 'nothing' ? [] : imports.split(',').map((name) => name.trim().replace(/`/g, ''));
  }
  return rows;
}

describe('the allowed dependencies between libs', () => {
  it('name every lib, and only libs that exist', () => {
    const libs = readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(Object.keys(allowed).sort()).toEqual(libs.sort());
    for (const imports of Object.values(allowed)) for (const lib of imports) expect(libs).toContain(lib);
  });

  it('are the table the README shows', () => {
    expect(readmeTable()).toEqual(allowed);
  });
});

// Compiles apps/ and libs/ to dist/ with SWC. The lib aliases (@siaran/x) are read from
// tsconfig.json, their one definition, as Jest and the Nest CLI read them.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFileSync } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const options = { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: root, paths: compilerOptions.paths } };

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      yield path;
  }
}

rmSync(outDir, { recursive: true, force: true });
for (const source of ['apps', 'libs'].flatMap((dir) => [...sources(join(root, dir))])) {
  const target = join(outDir, relative(root, source)).replace(/\.ts$/, '.js');
  const mapName = `${target.split('/').pop()}.map`;
  const { code, map } = transformFileSync(source, {
    ...options,
    swcrc: false,
    sourceFileName: relative(dirname(target), source),
    outputPath: target,
  });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, map ? `${code}\n//# sourceMappingURL=${mapName}\n` : code);
  if (map) writeFileSync(`${target}.map`, map);
}

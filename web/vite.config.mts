import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress as brotliCompressCallback, constants, gzip as gzipCallback } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const gzip = promisify(gzipCallback);
const brotliCompress = promisify(brotliCompressCallback);
const COMPRESSIBLE = /\.(js|css|svg|html|json)$/;

/**
 * Writes .gz and .br beside every text asset so the API serves them pre-compressed
 * (@fastify/static `preCompressed`) without compressing on each request.
 */
function precompress(): Plugin {
  return {
    name: 'siaran-precompress',
    apply: 'build',
    // After writing: the files on disk are the final bytes (later plugins may still rewrite chunks in generateBundle).
    async writeBundle(options, bundle) {
      const files = Object.keys(bundle).filter(
        (fileName) => COMPRESSIBLE.test(fileName) && fileName.startsWith('assets/'),
      );
      // zlib's async functions run on the thread pool: the files compress in parallel.
      await Promise.all(
        files.map(async (fileName) => {
          const path = join(options.dir!, fileName);
          const source = await readFile(path);
          if (source.length < 1024) return;
          const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length };
          const [gzipped, brotli] = await Promise.all([gzip(source, { level: 9 }), brotliCompress(source, { params })]);
          await Promise.all([writeFile(`${path}.gz`, gzipped), writeFile(`${path}.br`, brotli)]);
        }),
      );
    },
  };
}

/** The public web player, served by the API itself from dist/web (see apps/api/src/web). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    reportCompressedSize: false,
    // hls.js (full build: alternate audio renditions and every playlist feature) is one lazy chunk of about 580 kB.
    chunkSizeWarningLimit: 650,
    // Brotli at its best level takes a few seconds on purpose: no timing warning in `npm start`.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  plugins: [precompress()],
});

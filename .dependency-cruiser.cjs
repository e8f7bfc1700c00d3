/**
 * The import rules of the monorepo (`npm run depcruise`, part of `npm test`). The table below is
 * the one the README's "Layout" section draws: each lib and the libs it may import.
 */
const ALLOWED_LIBS = {
  core: [],
  time: [],
  config: [],
  observability: ['config'],
  http: ['core', 'observability'],
  database: ['config'],
  storage: ['config', 'core'],
  ffmpeg: ['config'],
  embedded: ['config', 'core'],
  audit: ['time'],
  health: ['config', 'core', 'ffmpeg', 'http', 'storage'],
  auth: ['audit', 'config', 'core', 'database', 'http', 'time'],
  media: ['config', 'core', 'ffmpeg', 'storage', 'time'],
  scheduling: ['audit', 'auth', 'config', 'core', 'database', 'http', 'media', 'storage', 'time'],
  playout: ['config', 'core', 'ffmpeg', 'http', 'media', 'observability', 'scheduling', 'storage', 'time'],
  platform: ['config', 'database', 'ffmpeg', 'health', 'http', 'observability', 'storage', 'time'],
};

const libDirection = Object.entries(ALLOWED_LIBS).map(([lib, allowed]) => ({
  name: `lib-direction-${lib}`,
  comment: `libs/${lib} may import only ${allowed.length ? allowed.map((a) => `@siaran/${a}`).join(', ') : 'no other lib'} (the direction between contexts; see the README's Layout)`,
  severity: 'error',
  from: { path: `^libs/${lib}/` },
  to: { path: '^libs/([^/]+)/', pathNot: [`^libs/(${[lib, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      comment: 'Library code is decoupled from the applications that use it.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-lib-internals',
      comment: 'Another lib is imported only through its entry (@siaran/x), never a file inside it.',
      severity: 'error',
      from: { path: '^(libs/([^/]+)|apps|test|bench)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'embedded-only-in-all-in-one',
      comment:
        'The embedded PostgreSQL and S3 are for the all-in-one (and tests): production processes never load them.',
      severity: 'error',
      from: { path: '^(libs|apps)/', pathNot: ['^apps/all-in-one/', '^libs/embedded/'] },
      to: { path: '^libs/embedded/' },
    },
    {
      name: 'no-circular',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No cycles between libs, nor between the folders of one lib.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(libs|apps)/' },
      to: { circular: true },
    },
    ...libDirection,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)(dist|var|node_modules)/', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

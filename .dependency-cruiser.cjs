/**
 * The import rules of the monorepo (`npm run depcruise`, part of `npm test`). Which lib may import
 * which is `test/architecture/lib-dependencies.json`, the table the README's "Layout" section shows
 * (a test keeps the two equal).
 */
const ALLOWED_LIBS = require('./test/architecture/lib-dependencies.json');

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

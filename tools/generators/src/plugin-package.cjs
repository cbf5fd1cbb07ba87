// Pieces every generated plugin package shares (plain CommonJS, loaded by Nx generators and by the tests).
'use strict';

/** camelCase of a kebab-case id. */
function camel(id) {
  return id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** Fail unless `name` is a kebab-case id. */
function checkName(name) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`name: ${JSON.stringify(name)} must be kebab-case`);
}

/**
 * package.json, tsconfig.json and tsup.config.ts of a plugin package three folders below the root.
 * @param {{ packageName: string, description: string, tag: string, dependencies: Record<string, string> }} o
 */
function packageFiles(o) {
  const pkg = {
    name: o.packageName,
    version: '0.1.0',
    description: o.description,
    license: 'Apache-2.0',
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    files: ['dist', 'README.md'],
    sideEffects: false,
    nx: { tags: [o.tag] },
    scripts: { build: 'tsup' },
    dependencies: o.dependencies,
  };
  return {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    'tsconfig.json': JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions: { outDir: 'dist', rootDir: 'src' }, include: ['src/**/*.ts'], exclude: ['src/**/*.test.ts'] }, null, 2) + '\n',
    'tsup.config.ts': `export { default } from '../../../tsup.shared';\n`,
  };
}

module.exports = { camel, checkName, packageFiles };

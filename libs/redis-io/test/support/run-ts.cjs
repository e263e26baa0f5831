/* global process */
// Runs a TypeScript file in a child process for multi-process tests: compiles .ts on require with @swc/core
// (the same transform jest uses), so the child exercises the library's sources without a build.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (mod, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  mod._compile(code, filename);
};

const script = process.argv[2];
process.argv.splice(2, 1);
require(require('node:path').resolve(script));

#!/usr/bin/env node
'use strict';
// Loads the compiled CLI. `npm ci` builds it (the root `prepare` script); after changing its sources, rebuild
// with `npx nx build cli`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`hookstream: the CLI is not built (${main} is missing).\nBuild it from the repository root: npx nx build cli\n`);
  process.exit(1);
}
require(main);

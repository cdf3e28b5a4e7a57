#!/usr/bin/env node
// Runs a TypeScript entry point without a build step. swc keeps decorator metadata,
// which NestJS dependency injection needs (esbuild-based runners drop it).
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
const path = require('node:path');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/run-ts.cjs <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));

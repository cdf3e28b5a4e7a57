// Worker-thread entry for one avr8js UNO (worker-meter.ts): TypeScript through swc, as
// tools/run-ts.cjs does, also when the parent runs under jest's own transform.
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', '..', '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
require('./uno-worker-main.ts');

#!/usr/bin/env node
// `npm test`: every test in the workspace, one suite after another, then one summary line.
// Slow shared set-up (the dashboard build, the browser) happens once, inside the steps that need it.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, readdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..', '..');
const results = join(root, '.data', 'test-results');
mkdirSync(results, { recursive: true });
const jestBin = require.resolve('jest/bin/jest');
const tsc = require.resolve('typescript/bin/tsc');

const steps = [
  { name: 'lint', cmd: process.execPath, args: [join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'), '.'] },
  // jest runs TypeScript through swc, which strips types without checking them.
  { name: 'typecheck', cmd: process.execPath, args: [tsc, '-p', 'tsconfig.json'] },
  { name: 'typecheck-e2e', cmd: process.execPath, args: [tsc, '-p', 'system-tests/e2e/tsconfig.json'] },
  { name: 'unit', cmd: process.execPath, args: [jestBin, '--selectProjects', 'unit', '--ci'], jest: true },
  // --forceExit: a test that times out can leave its service processes behind, and jest would wait
  // for them for ever (seen once); the failure is reported either way, the run must still end.
  { name: 'integration', cmd: process.execPath, args: [jestBin, '--selectProjects', 'integration', '--ci', '--runInBand', '--forceExit'], jest: true },
];
if (existsSync(join(root, 'dashboard-angular', 'jest.config.js'))) {
  steps.push({ name: 'dashboard', cmd: process.execPath, args: [jestBin, '--config', 'dashboard-angular/jest.config.js', '--ci'], jest: true });
}
for (const dir of ['firmware-arduino', 'firmware-esp32']) {
  if (existsSync(join(root, dir, 'Makefile'))) {
    const targets = dir === 'firmware-arduino' ? ['test', 'size'] : ['test'];
    steps.push({ name: dir, cmd: 'make', args: ['--no-print-directory', '-C', dir, ...targets] });
  }
}
if (existsSync(join(root, 'system-tests', 'e2e', 'jest.config.js'))) {
  steps.push({ name: 'browser', cmd: process.execPath, args: [jestBin, '--config', 'system-tests/e2e/jest.config.js', '--ci', '--runInBand'], jest: true });
}

const only = process.argv.slice(2);

// Debian packages and local services first: on a fresh machine this installs them (as root or with
// sudo) or prints the one command that does, instead of failing steps one by one later.
const prerequisites = spawnSync('bash', [join(root, 'tools', 'test', 'prerequisites.sh')], { cwd: root, stdio: 'inherit' });
if (prerequisites.status !== 0) {
  console.log('\nprerequisites missing (see above)\n0 passed, 1 failed');
  process.exit(1);
}
let passed = 0;
let failed = 0;
const failedSteps = [];
for (const step of steps.filter((s) => only.length === 0 || only.includes(s.name))) {
  console.log(`\n=== ${step.name} ===`);
  const out = join(results, `${step.name}.json`);
  const args = step.jest ? [...step.args, '--no-watchman', '--json', `--outputFile=${out}`] : step.args;
  const run = spawnSync(step.cmd, args, { cwd: root, stdio: step.jest ? 'inherit' : ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (step.jest && existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  } else if (!step.jest) {
    process.stdout.write(run.stdout ?? '');
    // Firmware suites end with "<name>: N passed, N failed".
    for (const m of (run.stdout ?? '').matchAll(/^[\w-]+: (\d+) passed, (\d+) failed/gm)) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
  }
  if (run.status !== 0) failedSteps.push(`${step.name} (exit ${run.status ?? run.signal})`);
}

console.log(`\n${failedSteps.length ? `failed steps: ${failedSteps.join(', ')}` : 'every step passed'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length || failed ? 1 : 0);

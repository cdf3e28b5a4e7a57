import { dirname } from 'node:path';

type DebugFactory = ((namespace: string) => unknown) & { enabled(namespace: string): boolean; quieted?: true };

/**
 * mqtt-packet (under aedes and mqtt.js) logs every parse and write step through the `debug` package,
 * several calls per MQTT packet. A disabled `debug` call still builds its argument array and asks
 * `enabled`: a few per cent of the CPU of the broker and the ingest, which move every reading
 * (bench/ingest/profile.ts shows it). Called before `packageName` is loaded, this gives that package's
 * `debug` silent loggers for the namespaces DEBUG does not enable at start-up; DEBUG=mqtt-packet:*
 * still works as before. Only the `debug` copy that `packageName` resolves is changed.
 * Returns false when there was nothing to change (the package or its `debug` is not installed).
 *
 * Import it as `@energy/service-kit/quiet-debug`: the package's index loads mqtt.js (the bus clients),
 * and so mqtt-packet with its loggers, before this could run.
 * Returns false, too, if `packageName` is loaded already: its loggers are made by then.
 */
export function quietDebugOf(packageName: string): boolean {
  let debugPath: string;
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve(`${packageName}/package.json`));
    debugPath = require.resolve('debug', { paths: [packageDir] });
  } catch {
    return false;
  }
  if (Object.keys(require.cache).some((file) => file.startsWith(`${packageDir}/`) && !file.endsWith('/package.json'))) {
    return false;
  }
  const createDebug = require(debugPath) as DebugFactory;
  const cached = require.cache[debugPath];
  if (!cached || createDebug.quieted) return false;
  const quiet = Object.assign((namespace: string) => (createDebug.enabled(namespace) ? createDebug(namespace) : silent(namespace)), createDebug, { quieted: true as const });
  cached.exports = quiet;
  return true;
}

/** What a disabled `debug` logger offers, doing nothing. */
function silent(namespace: string) {
  const log = Object.assign(() => undefined, {
    namespace,
    enabled: false,
    extend: (sub: string, delimiter = ':') => silent(`${namespace}${delimiter}${sub}`),
    destroy: () => true,
  });
  return log;
}

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
 */
export function quietDebugOf(packageName: string): boolean {
  let debugPath: string;
  try {
    debugPath = require.resolve('debug', { paths: [dirname(require.resolve(`${packageName}/package.json`))] });
  } catch {
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

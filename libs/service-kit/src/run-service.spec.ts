import { ConfigError } from './env';
import { runService } from './run-service';

describe('runService', () => {
  let exit: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    exit.mockRestore();
    stderr.mockRestore();
  });

  it('exits 1 when the service cannot start, saying why with the credentials redacted, even with a silent logger', async () => {
    await runService({
      service: 'probe-service',
      logName: 'probe',
      loadConfig: () => ({ logLevel: 'silent' }),
      start: () => Promise.reject(new Error('connect ECONNREFUSED mysql://root:hunter2@db:3306/energy')),
    });
    expect(exit).toHaveBeenCalledWith(1);
    const written = stderr.mock.calls.map(([text]) => String(text)).join('');
    expect(written).toContain('probe-service: could not start: Error: connect ECONNREFUSED');
    expect(written).not.toContain('hunter2');
  });

  it('exits 78 naming the service when the configuration is invalid, before starting anything', () => {
    const start = jest.fn();
    exit.mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    expect(() =>
      runService({
        service: 'probe-service',
        logName: 'probe',
        loadConfig: () => {
          throw new ConfigError(['MQTT_URL: Required']);
        },
        start,
      }),
    ).toThrow('exit 78');
    expect(start).not.toHaveBeenCalled();
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain('probe-service:');
  });

  it('closes the running service on SIGTERM, then exits 0', async () => {
    const close = jest.fn().mockResolvedValue(undefined);
    const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
    await runService({ service: 'probe-service', logName: 'probe', loadConfig: () => ({ logLevel: 'silent' }), start: async () => ({ close }) });
    const added = (signal: 'SIGTERM' | 'SIGINT') => process.listeners(signal).filter((l) => !before[signal].includes(l));
    expect(added('SIGTERM')).toHaveLength(1);
    const onTerm = added('SIGTERM')[0] as () => void;
    for (const signal of ['SIGTERM', 'SIGINT'] as const) for (const l of added(signal)) process.removeListener(signal, l);
    onTerm();
    for (let i = 0; i < 100 && exit.mock.calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
  });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { nestLoggerFrom } from './nest-logger';

function capture() {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino({ level: 'trace' }, sink) };
}

describe(nestLoggerFrom.name, () => {
  it('writes Nest lines at their level with the context Nest passes last', () => {
    const { lines, logger } = capture();
    const nest = nestLoggerFrom(logger);
    nest.log('Nest microservice successfully started', 'NestMicroservice');
    nest.verbose('detail', 'Ctx');
    expect(lines.map((l) => [l.level, l.context, l.msg])).toEqual([
      [30, 'NestMicroservice', 'Nest microservice successfully started'],
      [10, 'Ctx', 'detail'],
    ]);
  });

  it('redacts URLs with passwords and API keys in messages, errors and stack traces', () => {
    const { lines, logger } = capture();
    const nest = nestLoggerFrom(logger);
    nest.error('connect to mqtt://alert:hunter2@broker:1883 failed', 'Error: at https://x.test/a?apikey=s3cret', 'ServerMqtt');
    nest.warn(new Error('GET https://api.callmebot.com/whatsapp.php?phone=1&apikey=s3cret failed'), 'Client');
    const all = JSON.stringify(lines);
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain('s3cret');
    expect(lines[0]).toMatchObject({ level: 50, context: 'ServerMqtt', msg: 'connect to mqtt://alert:***@broker:1883 failed' });
    expect(lines[0].trace).toContain('apikey=');
    expect(lines[1]).toMatchObject({ level: 40, context: 'Client', err: { type: 'Error' } });
  });
});

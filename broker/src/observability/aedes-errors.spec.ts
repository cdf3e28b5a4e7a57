import fc from 'fast-check';
import mqttPacket from 'mqtt-packet';
import { refusalForAedesError } from './aedes-errors';

/** The errors mqtt-packet's parser (the one aedes uses) emits for these bytes, as MQTT 3.1.1 or 5. */
function parserErrors(bytes: Uint8Array, protocolVersion: 4 | 5 = 4): Error[] {
  const errors: Error[] = [];
  const parser = mqttPacket.parser({ protocolVersion });
  parser.on('error', (err: Error) => errors.push(err));
  parser.parse(Buffer.from(bytes));
  return errors;
}

describe(refusalForAedesError.name, () => {
  const reasonOf = (message: string) => refusalForAedesError(new Error(message));

  it('maps the refusals aedes makes before our hooks run', () => {
    expect(reasonOf('+ is not allowed in PUBLISH')).toBe('publish-wildcard');
    expect(reasonOf('empty topic not allowed in PUBLISH')).toBe('topic-invalid');
    expect(reasonOf('connect did not arrive in time')).toBe('connect-timeout');
    expect(reasonOf('Invalid protocol')).toBe('protocol-violation');
  });

  it('counts every packet the parser cannot decode as packet-malformed', () => {
    const connect = Buffer.from(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'kitchen-1', clean: true, keepalive: 30 } as never));
    const level9 = Buffer.from(connect);
    level9[level9.indexOf('MQTT') + 4] = 9;
    const samples = [
      Buffer.from([0x30, 0x03, 0x00, 0x40, 0x61]), // PUBLISH whose topic length runs past the packet
      Buffer.from([0x00, 0x00]), // reserved type 0
      Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      Buffer.from([0x36, 0x00]), // QoS 3
      Buffer.from(connect.toString('latin1').replace('MQTT', 'MQTX'), 'latin1'),
      level9,
    ];
    for (const bytes of samples) {
      const errors = parserErrors(bytes);
      expect(errors.length).toBeGreaterThan(0);
      for (const err of errors) expect([err.message, refusalForAedesError(err)]).toEqual([err.message, 'packet-malformed']);
    }
  });

  it('knows every message the parser gives for random bytes', () => {
    const unknown = new Set<string>();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 48 }), fc.constantFrom<4 | 5>(4, 5), (bytes, version) => {
        for (const err of parserErrors(bytes, version)) if (refusalForAedesError(err) !== 'packet-malformed') unknown.add(err.message);
      }),
      { numRuns: 20_000, seed: 7 },
    );
    expect([...unknown]).toEqual([]);
  });

  it('leaves ordinary connection ends uncounted', () => {
    for (const message of ['keep alive timeout', 'read ECONNRESET', 'connection closed', 'drain timeout']) expect(reasonOf(message)).toBeNull();
  });
});

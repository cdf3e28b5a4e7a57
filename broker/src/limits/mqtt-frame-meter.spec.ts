import { MqttFrameMeter } from './mqtt-frame-meter';

describe(MqttFrameMeter.name, () => {
  const pingreq = [0xc0, 0x00];
  const publish = (bodyBytes: number) => [0x30, bodyBytes, ...new Array<number>(bodyBytes).fill(0x61)];

  it('follows packets across arbitrary chunk boundaries', () => {
    const meter = new MqttFrameMeter(127);
    const bytes = [...pingreq, ...publish(100), ...pingreq, ...publish(5)];
    for (const b of bytes) expect(meter.feed(Uint8Array.of(b))).toBeNull();
    expect(meter.feed(Uint8Array.from(bytes))).toBeNull();
  });

  it('refuses from the header alone a packet announcing 200 MB', () => {
    // 200 MB = 209715200 = varint 0x80 0x80 0x80 0x64
    expect(new MqttFrameMeter(20_480).feed(Uint8Array.of(0x10, 0x80, 0x80, 0x80, 0x64))).toEqual({ kind: 'too-large', announcedBytes: 209_715_200 });
  });

  it('refuses the first packet over the limit even after good ones', () => {
    const meter = new MqttFrameMeter(100);
    expect(meter.feed(Uint8Array.from(publish(100)))).toBeNull();
    expect(meter.feed(Uint8Array.of(0x30, 0xe5, 0x00))).toEqual({ kind: 'too-large', announcedBytes: 101 });
  });

  it('refuses a remaining length longer than four bytes [MQTT-2.2.3]', () => {
    expect(new MqttFrameMeter(1e9).feed(Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0xff, 0x01))).toEqual({ kind: 'malformed' });
  });
});

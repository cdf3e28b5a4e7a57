import { join } from 'node:path';
import { packetDebugAfterLoading } from '@energy/service-kit/testing';

describe('quiet-packet-debug (the first import of main.ts)', () => {
  it("runs before mqtt-packet is loaded, so mqtt.js's packet parser and writer log through silent loggers", () => {
    expect(packetDebugAfterLoading(join(__dirname, 'quiet-packet-debug.ts'))).toEqual({ quieted: true, parserEnabled: false });
  });
});

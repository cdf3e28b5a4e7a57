import { loadIntelHex } from './intel-hex';

describe('loadIntelHex', () => {
  it('places data records at their addresses, leaves the rest erased, stops at the end record', () => {
    const flash = loadIntelHex([':0400000001020304F2', ':02000800AABB91', ':00000001FF', ':0400000009090909D8'].join('\n'), 16);
    expect([...flash]).toEqual([1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xbb, ...new Array(6).fill(0xff)]);
  });

  it('refuses a bad checksum, a wrong length and data beyond the flash', () => {
    expect(() => loadIntelHex(':0400000001020304F3\n', 16)).toThrow('bad checksum');
    expect(() => loadIntelHex(':0500000001020304F2\n', 16)).toThrow('length');
    expect(() => loadIntelHex(':04001000AABBCCDDDE\n', 16)).toThrow('beyond the flash');
  });
});

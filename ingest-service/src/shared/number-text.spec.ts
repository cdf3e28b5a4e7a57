import { numberText } from './number-text';

describe(numberText.name, () => {
  it('writes what String() writes around and inside the large-integer range', () => {
    const edges = [0, 1, -1, 0.5, 2_147_483_647, 2_147_483_648, 2_147_483_649, 4_294_967_296, 1e12, 1e15 - 1, 1e15, 1e15 + 1, 2 ** 53, 1e21, -1764468000000, 1764468000000.5, NaN, Infinity];
    const timestamps = Array.from({ length: 20_000 }, (_, i) => 1_764_468_000_000 + i * 1_000_003);
    // Low six digits with leading zeros, and every width of them.
    const padded = [1_764_468_000_000, 1_764_468_000_001, 1_764_468_000_012, 1_764_468_000_123, 1_764_468_001_234, 1_764_468_012_345, 1_764_468_123_456, 1_764_468_999_999];
    const random = Array.from({ length: 20_000 }, () => Math.floor(Math.random() * 1e15));
    for (const n of [...edges, ...timestamps, ...padded, ...random]) expect(numberText(n)).toBe(String(n));
  });
});

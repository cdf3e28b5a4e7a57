import fc from 'fast-check';

/**
 * Hostile MQTT reading payloads: random JSON, wrong types, NaN/Infinity as text, huge numbers, deep
 * nesting, 15 KiB strings and invalid UTF-8. Shared by the payload fuzz test and the chaos soak.
 */
const enc = new TextEncoder();
const FIELDS = ['seq', 'oldest_seq', 'ts', 'Voltage', 'Current', 'power_w', 'apparent_power_va', 'power_factor', 'energy_wh'];

const numberText = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1e308', '9007199254740993', '123456789012345678901234567890', '-0', '0x10', '.5', '1.', '+1', '01', '1e-400');
const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  numberText,
  fc.string({ maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'null', '[]', '{}', '"227.5"', '"NaN"'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
);
const field = fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 }), fc.constantFrom('data', 'pattern', '__proto__', 'constructor', 'Voltage ', 'voltage'));

/** An object whose fields carry wrong values (as raw JSON text, so NaN and 1e400 get through as text). */
const wrongTypes = fc.array(fc.tuple(field, wrongValue), { minLength: 1, maxLength: 8 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
/** A nearly valid reading with one field broken. */
const oneFieldBroken = fc.tuple(fc.constantFrom(...FIELDS), wrongValue).map(([k, v]) => {
  const base: Record<string, string> = { seq: '7', Voltage: '230.00', Current: '1.000' };
  base[k] = v;
  return `{${Object.entries(base).map(([key, val]) => `"${key}":${val}`).join(',')}}`;
});
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 5_000 }), fc.constantFrom('[', '{"Voltage":'), fc.boolean()).map(([depth, open, closed]) => {
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + '1' + (closed ? close.repeat(depth) : '');
});
const hugeString = fc.tuple(fc.integer({ min: 15 * 1024 - 64, max: 15 * 1024 }), fc.constantFrom('Voltage', 'Current', 'note'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })).map(
  // Mostly just under the 16 KiB limit; a quote or backslash doubles the length and makes it oversize.
  ([n, k, ch]) => `{"seq":1,"Voltage":230,"Current":1,${JSON.stringify(k)}:${JSON.stringify(ch.repeat(n))}}`,
);
const hugeNumbers = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('Voltage', 'Current', 'seq', 'ts')).map(([digits, k]) => `{"Voltage":230,"Current":1,${JSON.stringify(k)}:${'9'.repeat(digits)}}`);

const asBytes = (s: string) => enc.encode(s);
/** Invalid UTF-8 spliced into an otherwise plausible reading. */
const invalidUtf8 = fc
  .tuple(fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80]), fc.nat(30))
  .map(([bad, at]) => {
    const good = asBytes('{"seq":3,"Voltage":"230","Current":1.0}');
    const i = Math.min(at, good.length);
    return Uint8Array.from([...good.subarray(0, i), ...bad, ...good.subarray(i)]);
  });

/** One malformed payload (string or bytes). Most are refused; a few random ones may happen to be valid. */
export const malformedPayload: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.json({ maxDepth: 4 }).map(asBytes),
  fc.jsonValue({ maxDepth: 3 }).map((v) => asBytes(JSON.stringify(v) ?? 'null')),
  wrongTypes.map(asBytes),
  oneFieldBroken.map(asBytes),
  deepNesting.map(asBytes),
  hugeString.map(asBytes),
  hugeNumbers.map(asBytes),
  invalidUtf8,
  fc.uint8Array({ maxLength: 256 }),
  fc.string({ maxLength: 64 }).map(asBytes),
);

/** n payloads, reproducible from a seed. */
export function samplePayloads(n: number, seed: number): Uint8Array[] {
  return fc.sample(malformedPayload, { numRuns: n, seed });
}

import { mqttStringProblem } from './mqtt-strings';

describe(mqttStringProblem.name, () => {
  it('accepts ordinary text, including non-ASCII', () => {
    expect(mqttStringProblem('energy/küche-1/reading')).toBeNull();
    expect(mqttStringProblem('')).toBeNull();
  });
  it('names U+0000, control characters and invalid UTF-8', () => {
    expect(mqttStringProblem('a\u0000b')).toBe('contains U+0000');
    expect(mqttStringProblem('a\nb')).toBe('contains control character U+000A');
    expect(mqttStringProblem('a\u0085')).toBe('contains control character U+0085');
    expect(mqttStringProblem(Buffer.from([0x61, 0xc3, 0x28]).toString('utf8'))).toBe('contains invalid UTF-8');
  });
});

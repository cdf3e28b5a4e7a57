import { ConnectionGate } from './connection-gate';

describe(ConnectionGate.name, () => {
  it('caps open connections and frees a slot on release', () => {
    const gate = new ConnectionGate(2, 100);
    const a = gate.admit('10.0.0.1');
    gate.admit('10.0.0.2');
    expect(gate.admit('10.0.0.3')).toMatchObject({ admitted: false, reason: 'max-connections' });
    if (a.admitted) a.release();
    expect(gate.admit('10.0.0.3').admitted).toBe(true);
  });

  it('limits connections per address per minute', () => {
    let now = 0;
    const gate = new ConnectionGate(100, 2, () => now);
    expect(gate.admit('10.0.0.1').admitted).toBe(true);
    expect(gate.admit('10.0.0.1').admitted).toBe(true);
    expect(gate.admit('10.0.0.1')).toMatchObject({ admitted: false, reason: 'ip-rate-limited' });
    expect(gate.admit('10.0.0.2').admitted).toBe(true);
    now = 60_000;
    expect(gate.admit('10.0.0.1').admitted).toBe(true);
  });
});

import { AuthAdmission } from './auth-admission';

describe(AuthAdmission.name, () => {
  it('counts an attempt when it starts and throttles an address after its failures', () => {
    let now = 0;
    const admission = new AuthAdmission(100, 3, () => now);
    const tickets = [admission.begin('10.0.0.1'), admission.begin('10.0.0.1'), admission.begin('10.0.0.1')];
    expect(tickets.every((t) => t.admitted)).toBe(true);
    expect(admission.begin('10.0.0.1')).toMatchObject({ admitted: false, reason: 'auth-throttled' });
    expect(admission.begin('10.0.0.2').admitted).toBe(true);
    now = 60_001;
    expect(admission.begin('10.0.0.1').admitted).toBe(true);
  });

  it('lets a success take its own attempt back, so devices behind one NAT are not throttled for working', () => {
    const admission = new AuthAdmission(100, 2, () => 0);
    for (let i = 0; i < 10; i++) {
      const ticket = admission.begin('192.0.2.7');
      if (!ticket.admitted) throw new Error('throttled');
      ticket.finish(true);
    }
    expect(admission.begin('192.0.2.7').admitted).toBe(true);
  });

  it('refuses at once when too many checks are in flight, and frees the slot once', () => {
    const admission = new AuthAdmission(2, 100, () => 0);
    const a = admission.begin('a');
    admission.begin('b');
    expect(admission.begin('c')).toMatchObject({ admitted: false, reason: 'auth-busy' });
    if (!a.admitted) throw new Error('refused');
    a.finish(false);
    a.finish(false);
    expect(admission.checksInFlight).toBe(1);
    expect(admission.begin('c').admitted).toBe(true);
    expect(admission.begin('d').admitted).toBe(false);
  });
});

import { ExportSlots, TooManyExportsError } from './export-slots';

describe(ExportSlots.name, () => {
  it('caps exports per principal and in total, and frees a slot once', () => {
    const slots = new ExportSlots({ maxConcurrent: 3, maxPerPrincipal: 2 });
    const a1 = slots.acquire('user:admin');
    slots.acquire('user:admin');
    expect(() => slots.acquire('user:admin')).toThrow(TooManyExportsError);
    const b1 = slots.acquire('key:7');
    expect(() => slots.acquire('key:8')).toThrow(/3 exports in progress/);
    a1();
    a1();
    expect(slots.inProgress).toBe(2);
    expect(() => slots.acquire('key:8')).not.toThrow();
    b1();
    expect(slots.inProgress).toBe(2);
  });
});

import { Pacer } from './pacer';

describe(Pacer.name, () => {
  it('allows speed × wall time from its anchor', () => {
    let wall = 0;
    const pacer = new Pacer(60, 1_000_000, () => wall);
    wall = 100;
    expect(pacer.target(1_003_000)).toBe(1_006_000);
    expect(pacer.wallMsUntil(1_012_000, 1_006_000)).toBe(100);
  });

  it('waits for a runner that fell behind instead of letting it race afterwards', () => {
    let wall = 0;
    const pacer = new Pacer(100, 0, () => wall, 5_000);
    wall = 1_000; // the pace is at 100 s, the runner only at 10 s
    expect(pacer.target(10_000)).toBe(15_000);
    wall = 1_010;
    expect(pacer.target(12_000)).toBe(16_000);
  });

  it('continues from a new speed or a jump without a step', () => {
    let wall = 0;
    const pacer = new Pacer(10, 0, () => wall);
    wall = 50;
    pacer.setSpeed(1_000, 500);
    expect(pacer.target(500)).toBe(500);
    wall = 51;
    expect(pacer.target(500)).toBe(1_500);
    pacer.reanchor(3_600_000);
    expect(pacer.target(3_600_000)).toBe(3_600_000);
    expect(() => pacer.setSpeed(0, 0)).toThrow(/positive/);
  });
});

// UnoSim as the twin drives it: power-up at a virtual time, lines timed when their last byte left
// the UART, power cuts that lose the line on the wire, and the boot number kept in EEPROM.
import { blankEeprom, buildHex, LoadProfile, parseUnoLine, UART_BYTE_MS, UnoSim } from '..';

const START = 1_764_000_000_000; // virtual UTC ms

describe('UnoSim', () => {
  const hex = buildHex();

  it('sends a line a second, each stamped when its last byte finished (9615 baud)', () => {
    const profile = new LoadProfile({ steps: [{ atMs: START, vrms: 230, irms: 2 }] });
    const sim = new UnoSim({ hex, profile, startVirtualMs: START });
    const lines: { line: string; ms: number }[] = [];
    sim.onLine((line, ms) => lines.push({ line, ms }));
    sim.runUntil(START + 3500);
    expect(lines).toHaveLength(3);
    expect(sim.nowMs).toBe(START + 3500);
    // The first report comes 1 s after sampling starts (~15 ms after power-up, the EEPROM
    // writes), then its bytes take UART_BYTE_MS each.
    const firstBytes = lines[0].line.length + 1;
    expect(lines[0].ms - START).toBeGreaterThan(1000 + firstBytes * UART_BYTE_MS);
    expect(lines[0].ms - START).toBeLessThan(1020 + firstBytes * UART_BYTE_MS + 10);
    for (let k = 1; k < lines.length; k++) expect(lines[k].ms - lines[k - 1].ms).toBeCloseTo(1000, -1);
    expect(parseUnoLine(lines[2].line)).toMatchObject({ boot: 1, Voltage: expect.closeTo(230, 0) });
  });

  it('reads 0 V and 0 W while the profile says the mains is off, and the energy stops', () => {
    const profile = new LoadProfile({
      steps: [
        { atMs: START, vrms: 230, irms: 2 },
        { atMs: START + 2000, off: true },
      ],
    });
    const sim = new UnoSim({ hex, profile, startVirtualMs: START });
    const lines: ReturnType<typeof parseUnoLine>[] = [];
    sim.onLine((line) => lines.push(parseUnoLine(line)));
    sim.runUntil(START + 5500);
    const [, , third, fourth, fifth] = lines;
    expect(third.Voltage).toBe(0);
    expect(third.power_w).toBe(0);
    expect(fifth.energy_wh).toBe(fourth.energy_wh);
  });

  it('a power cut loses the line on the wire; at power-on the boot number goes up and energy_wh restarts', () => {
    const eeprom = blankEeprom();
    const profile = new LoadProfile({ steps: [{ atMs: START, vrms: 230, irms: 4 }] });
    const sim = new UnoSim({ hex, profile, startVirtualMs: START, eeprom });
    const lines: { line: ReturnType<typeof parseUnoLine>; ms: number }[] = [];
    sim.onLine((line, ms) => lines.push({ line: parseUnoLine(line), ms }));
    sim.runUntil(START + 2100); // the 2nd report is on the wire (2015 .. 2148 ms)
    expect(lines.map((l) => l.line.boot)).toEqual([1]);
    sim.powerCut();
    expect(sim.powered).toBe(false);
    sim.runUntil(START + 60_000); // only the clock moves
    expect(lines).toHaveLength(1);
    expect(sim.eeprom).toBe(eeprom); // the caller's bytes, updated in place

    sim.powerOn(START + 60_000);
    sim.runUntil(START + 62_500);
    expect(lines.slice(1).map((l) => l.line.boot)).toEqual([2, 2]);
    expect(lines[1].ms).toBeGreaterThan(START + 61_000);
    expect(lines[1].line.energy_wh).toBeLessThan(lines[0].line.energy_wh * 1.1); // from 0 again

    // Another UNO object on the same EEPROM bytes (the twin restarting) counts on.
    const again = new UnoSim({ hex, profile, startVirtualMs: START + 70_000, eeprom });
    const boots: number[] = [];
    again.onLine((line) => boots.push(parseUnoLine(line).boot!));
    again.runUntil(START + 71_500);
    expect(boots).toEqual([3]);
  });

  it('refuses to run backwards or to power on twice', () => {
    const sim = new UnoSim({ hex, profile: LoadProfile.steady({}), startVirtualMs: 1000 });
    sim.runUntil(1010);
    expect(() => sim.runUntil(1005)).toThrow('cannot run back');
    expect(() => sim.powerOn(2000)).toThrow('already on');
    sim.powerCut();
    expect(() => sim.powerOn(1000)).toThrow('cannot power on');
  });
});

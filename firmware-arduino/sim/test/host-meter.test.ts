// HostMeterSim, the fast stand-in: the same lib/ meter on the host, at the UNO's measured timing.
// It must say what UnoSim says (same lines, same times) so the twin can use it where only the
// pipeline is under test, and run hours of profile in seconds.
import { blankEeprom, buildHex, HostMeterSim, LoadProfile, MeterSim, parseUnoLine, UnoLine, UnoSim } from '..';

const START = 1_764_000_000_000;

function collect(sim: MeterSim): { line: UnoLine; ms: number }[] {
  const out: { line: UnoLine; ms: number }[] = [];
  sim.onLine((line, ms) => out.push({ line: parseUnoLine(line), ms }));
  return out;
}

describe('HostMeterSim', () => {
  const sims: HostMeterSim[] = [];
  afterAll(() => sims.forEach((s) => s.dispose()));
  const host = (opts: ConstructorParameters<typeof HostMeterSim>[0]) => {
    const sim = new HostMeterSim(opts);
    sims.push(sim);
    return sim;
  };

  it('gives the lines UnoSim gives, at the same virtual times', () => {
    const profile = new LoadProfile({
      steps: [
        { atMs: START, vrms: 231, irms: 3, hz: 49.98, lagDeg: 60 },
        { atMs: START + 2300, vrms: 229, irms: 1.5, hz: 49.98, currentHarmonics: [{ order: 3, ratio: 0.3 }] },
      ],
    });
    const uno = new UnoSim({ hex: buildHex(), profile, startVirtualMs: START });
    const fast = host({ profile, startVirtualMs: START });
    const a = collect(uno);
    const b = collect(fast);
    for (let ms = START; ms <= START + 4500; ms += 250) {
      uno.runUntil(ms);
      fast.runUntil(ms);
    }
    expect(b).toHaveLength(a.length);
    expect(a).toHaveLength(4);
    for (let k = 0; k < a.length; k++) {
      expect(Math.abs(b[k].ms - a[k].ms)).toBeLessThan(0.1);
      expect(b[k].line.boot).toBe(a[k].line.boot);
      expect(b[k].line.Voltage).toBeCloseTo(a[k].line.Voltage, 0);
      expect(b[k].line.Current).toBeCloseTo(a[k].line.Current, 1);
      expect(Math.abs(b[k].line.power_w / a[k].line.power_w - 1)).toBeLessThan(0.003);
      expect(Math.abs(b[k].line.energy_wh - a[k].line.energy_wh)).toBeLessThan(0.002);
    }
  });

  it('keeps the boot number in the same EEPROM bytes as the UNO, across power cuts and either sim', () => {
    const eeprom = blankEeprom();
    const profile = LoadProfile.steady({ irms: 1 });
    const fast = host({ profile, startVirtualMs: START, eeprom });
    const lines = collect(fast);
    fast.runUntil(START + 1500);
    fast.powerCut();
    fast.runUntil(START + 10_000);
    fast.powerOn(START + 10_000);
    fast.runUntil(START + 11_100); // the line is still on the wire: not yet seen
    expect(lines.map((l) => l.line.boot)).toEqual([1]);
    fast.runUntil(START + 11_500);
    expect(lines.map((l) => l.line.boot)).toEqual([1, 2]);
    fast.powerCut();
    expect(fast.eeprom).toBe(eeprom);

    const uno = new UnoSim({ hex: buildHex(), profile, startVirtualMs: START + 20_000, eeprom });
    const unoLines = collect(uno);
    uno.runUntil(START + 21_500);
    expect(unoLines.map((l) => l.line.boot)).toEqual([3]);
  });

  it('runs an 8 h profile with steps and a mains cut in seconds, and its energy is the physical truth within 0.5 %', () => {
    const h = 3600e3;
    const profile = new LoadProfile({
      steps: [
        { atMs: START, vrms: 230, irms: 4, hz: 50.01 },
        { atMs: START + 2 * h, vrms: 232, irms: 3, hz: 49.99, lagDeg: 60 },
        { atMs: START + 4 * h, off: true },
        { atMs: START + 5 * h, vrms: 228, irms: 2, hz: 50, currentHarmonics: [{ order: 3, ratio: 0.3 }, { order: 5, ratio: 0.1 }] },
      ],
      sensors: { noiseCounts: 0.5 },
    });
    const fast = host({ profile, startVirtualMs: START });
    const lines = collect(fast);
    const began = Date.now();
    for (let ms = START; ms <= START + 8 * h; ms += 60_000) fast.runUntil(ms);
    const wallS = (Date.now() - began) / 1000;
    const measured = lines[lines.length - 1].line.energy_wh;
    const truth = profile.truthBetween(START, lines[lines.length - 1].ms).energyWh;
    console.log(`8 h profile: ${lines.length} lines in ${wallS.toFixed(1)} s wall; ${measured} Wh measured, ${truth.toFixed(3)} Wh true`);
    expect(lines.length).toBeGreaterThan(8 * 3600 - 5);
    expect(wallS).toBeLessThan(60);
    expect(Math.abs(measured / truth - 1)).toBeLessThan(0.005);
  });
});

// The fast stand-in for UnoSim: the same lib/ meter built for this machine (make host-meter ->
// build/host/meter_sim), sampling the same load profile at the UNO's measured timing (PAIR_PERIOD_US
// and I_AFTER_V_US of calibration.h, host/uno_timing.h), with the EEPROM in a file. Runs an 8 h
// profile in seconds. Use it where only the pipeline is under test; the meter's accuracy is
// UnoSim's to prove.
//
// The interface is synchronous like UnoSim's, so the process is driven through two named pipes
// opened blocking: runUntil writes "run MS" and reads until "R MS" (see host/meter_sim.cpp).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHostMeter } from './firmware-build';
import { blankEeprom, EEPROM_BYTES } from './eeprom-store';
import type { LoadProfile } from './load-profile';
import type { LineListener, MeterSim, MeterSimOptions } from './meter-sim';
import { Harmonic, Waveform } from './waveform';

export interface HostMeterSimOptions extends MeterSimOptions {
  /** Accepted for the same options as UnoSim; the host meter is built from lib/, not from a HEX. */
  hex?: string;
  /** build/host/meter_sim by default (built if missing or stale). */
  binary?: string;
}

interface Process {
  child: ChildProcess;
  commands: number;
  output: number;
  pending: string;
}

export class HostMeterSim implements MeterSim {
  readonly eeprom: Uint8Array;
  readonly profile: LoadProfile;
  private readonly binary: string;
  private readonly dir: string;
  private readonly listeners: LineListener[] = [];
  private process: Process | undefined;
  private reachedMs: number;
  private bootedMs: number | undefined;

  constructor(opts: HostMeterSimOptions) {
    this.profile = opts.profile;
    this.eeprom = opts.eeprom ?? blankEeprom();
    if (this.eeprom.length !== EEPROM_BYTES) throw new Error(`the UNO's EEPROM is ${EEPROM_BYTES} bytes`);
    this.binary = opts.binary ?? buildHostMeter();
    this.dir = mkdtempSync(join(tmpdir(), 'host-meter-'));
    this.reachedMs = opts.startVirtualMs;
    this.powerOn(opts.startVirtualMs);
  }

  get nowMs(): number {
    return this.reachedMs;
  }

  get powered(): boolean {
    return this.process !== undefined;
  }

  get bootMs(): number | undefined {
    return this.bootedMs;
  }

  onLine(cb: LineListener): void {
    this.listeners.push(cb);
  }

  runUntil(virtualMs: number): void {
    if (virtualMs < this.reachedMs) throw new Error(`cannot run back to ${virtualMs} from ${this.reachedMs}`);
    const p = this.process;
    if (p) {
      writeSync(p.commands, `run ${virtualMs}\n`);
      for (;;) {
        const line = this.readLine(p);
        if (line.startsWith('R ')) break;
        if (line.startsWith('L ')) {
          const space = line.indexOf(' ', 2);
          const ms = Number(line.slice(2, space));
          const text = line.slice(space + 1);
          for (const cb of this.listeners) cb(text, ms);
        } else if (line.startsWith('B ')) {
          this.eeprom.set(readFileSync(this.eepromPath()));
        } else {
          throw new Error(`meter_sim said: ${line}`);
        }
      }
    }
    this.reachedMs = virtualMs;
  }

  powerCut(): void {
    const p = this.process;
    if (!p) return;
    this.process = undefined;
    this.bootedMs = undefined;
    p.child.kill('SIGKILL');
    closeSync(p.commands);
    closeSync(p.output);
  }

  powerOn(virtualMs: number): void {
    if (this.process) throw new Error('the meter is already on');
    if (virtualMs < this.reachedMs) throw new Error(`cannot power on at ${virtualMs}, the time reached is ${this.reachedMs}`);
    this.reachedMs = virtualMs;
    this.bootedMs = virtualMs;
    writeFileSync(this.eepromPath(), this.eeprom);
    this.process = this.start(virtualMs);
    writeSync(this.process.commands, this.profileCommands());
  }

  /** Stops the process and removes its files. */
  dispose(): void {
    this.powerCut();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private eepromPath(): string {
    return join(this.dir, 'eeprom.bin');
  }

  private start(bootMs: number): Process {
    const commandsPath = join(this.dir, 'commands');
    const outputPath = join(this.dir, 'output');
    rmSync(commandsPath, { force: true });
    rmSync(outputPath, { force: true });
    const fifo = spawnSync('mkfifo', [commandsPath, outputPath]);
    if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`);
    // Opening a FIFO read-write never blocks on Linux: these are the child's ends. Once the child
    // holds them, the parent closes its copies, so the child's death reads as EOF / EPIPE here.
    const childIn = openSync(commandsPath, 'r+');
    const commands = openSync(commandsPath, 'w');
    const childOut = openSync(outputPath, 'r+');
    const output = openSync(outputPath, 'r');
    try {
      const child = spawn(this.binary, ['--eeprom', this.eepromPath(), '--boot-ms', String(bootMs)], {
        stdio: [childIn, childOut, 'inherit'],
      });
      child.unref(); // a live meter must not keep the Node process alive
      return { child, commands, output, pending: '' };
    } finally {
      closeSync(childIn);
      closeSync(childOut);
    }
  }

  private readLine(p: Process): string {
    const buf = Buffer.alloc(65536);
    for (;;) {
      const nl = p.pending.indexOf('\n');
      if (nl >= 0) {
        const line = p.pending.slice(0, nl);
        p.pending = p.pending.slice(nl + 1);
        return line;
      }
      const n = readSync(p.output, buf, 0, buf.length, null);
      if (n === 0) throw new Error('meter_sim exited');
      p.pending += buf.toString('latin1', 0, n);
    }
  }

  private profileCommands(): string {
    const s = this.profile.sensors;
    const lines = [
      [
        'sensors',
        s.voltsPerPinVolt,
        s.ampsPerPinVolt,
        s.supplyV,
        s.voltageBiasV,
        s.currentBiasV,
        s.voltageLeadDeg,
        s.currentLeadDeg,
        s.noiseCounts,
        this.profile.seed >>> 0,
        this.profile.originMs,
      ].join(' '),
    ];
    for (const step of this.profile.steps) {
      const st = new Waveform(step).state;
      lines.push(
        ['step', step.atMs, st.off ? 1 : 0, st.vrms, st.irms, st.hz, st.lagDeg, ...harmonics(st.voltageHarmonics), ...harmonics(st.currentHarmonics)].join(
          ' ',
        ),
      );
    }
    return lines.join('\n') + '\n';
  }
}

function harmonics(list: Harmonic[]): number[] {
  return [list.length, ...list.flatMap((h) => [h.order, h.ratio, h.phaseDeg ?? 0])];
}

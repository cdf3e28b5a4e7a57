import { formatAccuracy, formatNotes, formatReasons, formatTable, markdownTable } from './results-table';
import type { ScenarioResult } from './scenario-result';
import { machineFacts, replaceTableSection, TABLE_END, TABLE_START } from './twin-doc';

const result = (over: Partial<ScenarioResult> = {}): ScenarioResult => ({
  scenario: 'power-cut-1h',
  meter: 'host',
  devices: 2,
  virtualMs: 7_800_000,
  wallMs: 95_000,
  readings: 7_190,
  lost: 0,
  duplicated: 0,
  ackedNotStored: 0,
  maxHourErrorPct: 0.00002,
  maxDayErrorPct: 0.0031,
  physicalErrorPct: 0.21,
  alertsFired: 2,
  alertsExpected: 2,
  pass: true,
  reasons: [],
  notes: [],
  accuracy: [],
  ...over,
});

describe('results table', () => {
  it('prints one aligned row per scenario with every column the issue asks for', () => {
    const text = formatTable([result(), result({ scenario: 'steady-mixed', meter: 'avr8js', pass: false, lost: 3, notes: ['lost: x'] })]);
    const [header, rule, first, second] = text.split('\n');
    expect(header).toMatch(/^scenario\s+meter\s+devices\s+virtual\s+wall\s+readings\s+lost\s+dup\s+acked-not-stored\s+max hour err %\s+max day err %\s+physical err %\s+alerts\s+result$/);
    expect(rule).toMatch(/^-+ {2}-+/);
    expect(first).toMatch(/power-cut-1h\s+host\s+2\s+2 h 10 min\s+95 s\s+7,190\s+0\s+0\s+0\s+<0\.0001\s+0\.0031\s+0\.210\s+2\/2\s+PASS$/);
    expect(second).toMatch(/FAIL$/);
    expect(formatNotes([result(), result({ scenario: 'steady-mixed', pass: false, notes: ['lost: x'] })])).toBe('steady-mixed (FAIL):\n  - lost: x');
    expect(formatReasons([result(), result({ scenario: 'nvs-failures', pass: false, reasons: ['739 readings lost'] })])).toBe('nvs-failures:\n  - 739 readings lost');
  });

  it('lists the meters\' accuracy of the scenarios that measured it', () => {
    expect(formatAccuracy([result(), result({ scenario: 'steady-mixed', meter: 'avr8js', accuracy: ['twin-01 920 W PF 1.000: V +0.01 %'] })])).toBe(
      "steady-mixed (avr8js), each line against the waveforms' truth:\n  twin-01 920 W PF 1.000: V +0.01 %",
    );
  });

  it('writes Markdown with numbers right-aligned', () => {
    const md = markdownTable([result()]).split('\n');
    expect(md[1]).toBe('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    expect(md[2]).toContain('| power-cut-1h | host | 2 |');
  });
});

describe(replaceTableSection.name, () => {
  it('replaces only what lies between the markers', () => {
    const doc = `# Twin\n\nintro\n${TABLE_START}\nold table\n${TABLE_END}\n\nafter\n`;
    expect(replaceTableSection(doc, 'new table\n')).toBe(`# Twin\n\nintro\n${TABLE_START}\nnew table\n${TABLE_END}\n\nafter\n`);
    expect(() => replaceTableSection('# no markers', 'x')).toThrow(/no <!-- twin-table:start -->/);
  });

  it('names the machine from what the OS reports', () => {
    expect(machineFacts()).toMatch(/^\d+ × .+, \d+ GiB RAM, Node v\d+/);
  });
});

import { rawCsvLine, rollupCsvLine } from './csv-format';

describe(rawCsvLine.name, () => {
  it('writes the seed columns plus the device, at the local time of the reading in the site zone', () => {
    expect(rawCsvLine({ id: 7, ts_ms: Date.UTC(2026, 10, 27, 11, 0, 1), voltage_v: 230.1, current_a: 1.5, power_w: 345.15, device_id: 'kitchen-1' }, 'Europe/Berlin')).toBe(
      '7,2026-11-27,Friday,12:00:01,230.1,1.5,345.15,kitchen-1\n',
    );
  });
});

describe(rollupCsvLine.name, () => {
  const stats = { n: 4, v_sum: 920, v_min: 229, v_max: 231, i_sum: 4, i_min: 0.5, i_max: 1.5, p_sum: 920, p_min: 100, p_max: 300, energy_wh: 1.23456 };
  it('writes averages, extremes and energy at the bucket local time', () => {
    expect(rollupCsvLine({ device_id: 'a', bucket: Date.UTC(2026, 10, 27, 23, 5), ...stats }, 'Europe/Berlin')).toBe(
      '2026-11-28,Saturday,00:05:00,230,1,230,a,229,231,0.5,1.5,100,300,1.2346\n',
    );
  });
  it('puts day buckets at local midnight', () => {
    expect(rollupCsvLine({ device_id: 'a', bucket: '2026-11-27', ...stats }, 'Europe/Berlin')).toMatch(/^2026-11-27,Friday,00:00:00,/);
  });
});

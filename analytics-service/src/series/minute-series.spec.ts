import { cloneMinuteSeries, DatasetFormatError, parseMinuteCsv } from './minute-series';

describe(parseMinuteCsv.name, () => {
  it('puts each row in its minute, empty fields and absent rows as NaN', () => {
    const series = parseMinuteCsv(['ts_utc_ms,power_w,voltage_v,current_a', '120000,300,230.5,1.4', '60000,,,', '240000,500,231,2.2', ''].join('\n'));
    expect(series.startMs).toBe(60_000);
    expect(Array.from(series.powerW)).toEqual([Number.NaN, 300, Number.NaN, 500]);
    expect(series.voltageV[1]).toBe(230.5);
    expect(series.currentA[3]).toBe(2.2);
  });

  it('accepts CRLF line ends', () => {
    expect(Array.from(parseMinuteCsv('ts_utc_ms,power_w,voltage_v,current_a\r\n0,10,230,0.1\r\n').powerW)).toEqual([10]);
  });

  it('refuses another header and a row without a timestamp, naming the line', () => {
    expect(() => parseMinuteCsv('time,power\n0,1')).toThrow(DatasetFormatError);
    expect(() => parseMinuteCsv('ts_utc_ms,power_w,voltage_v,current_a\n0,1,2,3\n,5,6,7')).toThrow('line 3');
    expect(() => parseMinuteCsv('ts_utc_ms,power_w,voltage_v,current_a\n')).toThrow('no rows');
  });
});

describe(cloneMinuteSeries.name, () => {
  it('copies the arrays so changing the copy leaves the original alone', () => {
    const original = parseMinuteCsv('ts_utc_ms,power_w,voltage_v,current_a\n0,10,230,0.1');
    const copy = cloneMinuteSeries(original);
    copy.powerW[0] = 99;
    expect(original.powerW[0]).toBe(10);
  });
});

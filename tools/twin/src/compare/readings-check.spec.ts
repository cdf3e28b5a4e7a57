import { checkReadings, type ExpectedReading, type StoredReading } from './readings-check';

describe(checkReadings.name, () => {
  const e = (tsMs: number, meterWh = tsMs / 1000): ExpectedReading => ({ deviceId: 'd1', tsMs, meterBoot: 1, meterWh });
  const r = (seq: number, tsMs: number, meterWh = tsMs / 1000): StoredReading => ({ deviceId: 'd1', seq, tsMs, meterBoot: 1, meterWh });

  it('passes when every owed reading is stored once', () => {
    const v = checkReadings([e(1000), e(2000)], [r(1, 1000), r(2, 2000)], [{ deviceId: 'd1', seq: 1, tsMs: 1000, at: 1 }, { deviceId: 'd1', seq: 2, tsMs: 2000, at: 2 }], [{ deviceId: 'd1', seq: 2, at: 3 }]);
    expect(v).toMatchObject({ readings: 2, lost: 0, duplicated: 0, extra: 0, ackedNotStored: 0, seqReused: 0, published: 2 });
  });

  it('counts lost, duplicated, extra and wrongly stored readings', () => {
    const v = checkReadings([e(1000), e(2000), e(3000), e(4000)], [r(1, 1000), r(2, 2000), r(9, 2000), r(3, 3000, 99), r(5, 5000)], [], []);
    // The row with other meter values owes line 3000 and matches no line: lost and extra both.
    expect(v).toMatchObject({ lost: 2, duplicated: 1, extra: 2 });
    expect(v.details.join('\n')).toMatch(/a row at that ts has other meter values/);
  });

  it('matches a reading stored a few ms off its line by its meter values, and counts it re-timed', () => {
    const v = checkReadings([e(1000), e(2000)], [r(1, 1201, 1), r(2, 2000)], [], []);
    expect(v).toMatchObject({ lost: 0, extra: 0, retimed: 1, maxSkewMs: 201 });
    const far = checkReadings([e(1000)], [r(1, 1000 + 501, 1)], [], []);
    expect(far).toMatchObject({ lost: 1, extra: 1, retimed: 0 });
  });

  it('finds a reused seq that an ack covered but the database never got (defect 3)', () => {
    const published = [
      { deviceId: 'd1', seq: 5, tsMs: 1000, at: 1 },
      { deviceId: 'd1', seq: 5, tsMs: 9000, at: 3 },
    ];
    const acks = [
      { deviceId: 'd1', seq: 5, at: 2 },
      { deviceId: 'd1', seq: 5, at: 4 },
    ];
    const v = checkReadings([e(1000), e(9000)], [r(5, 1000)], published, acks);
    expect(v).toMatchObject({ lost: 1, seqReused: 1, ackedNotStored: 1 });
  });

  it('does not blame an ack that came before the reading was published', () => {
    const v = checkReadings([], [], [{ deviceId: 'd1', seq: 5, tsMs: 1000, at: 2 }], [{ deviceId: 'd1', seq: 7, at: 1 }]);
    expect(v.ackedNotStored).toBe(0);
  });
});

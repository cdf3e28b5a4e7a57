import { TariffPricing, tariffSchema } from './tariff';

describe(TariffPricing.name, () => {
  const pricing = new TariffPricing(
    tariffSchema.parse({
      currency: 'EUR',
      flatRatePerKwh: 0.3,
      standingChargePerDay: 0.4,
      timeOfUse: [
        { from: '22:00', to: '06:00', ratePerKwh: 0.1 },
        { from: '17:30', to: '19:00', ratePerKwh: 0.5 },
      ],
    }),
  );

  it('uses the flat rate outside every window', () => {
    expect(pricing.hourRate('12:00')).toBeCloseTo(0.3);
  });

  it('applies windows that wrap past midnight', () => {
    expect(pricing.hourRate('23:00')).toBeCloseTo(0.1);
    expect(pricing.hourRate('00:00')).toBeCloseTo(0.1);
    expect(pricing.hourRate('05:00')).toBeCloseTo(0.1);
    expect(pricing.hourRate('06:00')).toBeCloseTo(0.3);
  });

  it('weights an hour a window covers in part by minutes', () => {
    expect(pricing.hourRate('17:00')).toBeCloseTo((0.3 + 0.5) / 2);
    expect(pricing.hourRate('18:00')).toBeCloseTo(0.5);
    // half-hour zones: the hour starting 05:30 local is half night rate, half flat
    expect(pricing.hourRate('05:30')).toBeCloseTo(0.2);
  });
});

describe('tariffSchema', () => {
  it('names the faulty field', () => {
    const result = tariffSchema.safeParse({ currency: 'euro', flatRatePerKwh: -1, timeOfUse: [{ from: '25:00', to: '06:00', ratePerKwh: 0.1 }] });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['currency', 'flatRatePerKwh', 'timeOfUse.0.from']));
  });

  it('refuses overlapping windows and empty ones', () => {
    const overlap = tariffSchema.safeParse({
      currency: 'EUR',
      flatRatePerKwh: 0.3,
      timeOfUse: [
        { from: '00:00', to: '07:00', ratePerKwh: 0.1 },
        { from: '06:00', to: '08:00', ratePerKwh: 0.2 },
      ],
    });
    expect(overlap.error?.issues[0]?.message).toBe('overlaps window 0');
    expect(tariffSchema.safeParse({ currency: 'EUR', flatRatePerKwh: 0.3, timeOfUse: [{ from: '07:00', to: '07:00', ratePerKwh: 0.1 }] }).success).toBe(false);
  });

  it('fills defaults', () => {
    expect(tariffSchema.parse({ currency: 'GBP', flatRatePerKwh: 0.25 })).toEqual({ currency: 'GBP', flatRatePerKwh: 0.25, standingChargePerDay: 0, timeOfUse: [] });
  });
});

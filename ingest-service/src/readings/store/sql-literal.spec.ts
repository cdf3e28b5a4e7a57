import { sqlNumber, sqlNumberOrNull, sqlText } from './sql-literal';

describe('SQL literals of the write path', () => {
  it('writes numbers as the driver does, and round-trips every double', () => {
    for (const n of [0, 1, 229.87, 0.1 + 0.2, 1e-7, 1e21, 4294967295, Number.MAX_SAFE_INTEGER, 5e-324]) expect(Number(sqlNumber(n))).toBe(n);
    expect(sqlNumberOrNull(null)).toBe('NULL');
    expect(sqlNumberOrNull(undefined)).toBe('NULL');
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s', (n) => {
    expect(() => sqlNumber(n)).toThrow('not a finite number');
  });

  it('quotes device ids, enums, dates and times, and refuses anything that could leave the quotes', () => {
    expect(sqlText('kitchen-1')).toBe("'kitchen-1'");
    expect(sqlText('2026-11-27')).toBe("'2026-11-27'");
    for (const bad of ["x'; DROP TABLE readings; --", 'a\\', 'a b', 'ä', '']) {
      if (bad === '') expect(sqlText(bad)).toBe("''");
      else expect(() => sqlText(bad)).toThrow('not allowed');
    }
  });
});

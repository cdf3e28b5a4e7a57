import { maskPhone } from './mask-phone';

describe(maskPhone.name, () => {
  it('keeps the country code and the last two digits of an E.164 number', () => {
    expect(maskPhone('+4915112345678')).toBe('+49•••••••••78');
    expect(maskPhone('+4915112345678')).toHaveLength('+4915112345678'.length);
  });

  it('hides every digit between the first two and the last two', () => {
    const masked = maskPhone('+12025550123');
    expect(masked.replace(/•/g, '')).toBe('+1223');
    expect(masked).not.toContain('555');
  });

  it('shows two characters of anything that is not a phone number, and none of a short one', () => {
    expect(maskPhone('not-a-number')).toBe('no•••');
    expect(maskPhone('+49')).toBe('•••');
    expect(maskPhone('')).toBe('•••');
  });
});

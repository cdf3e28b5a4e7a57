import { fieldErrors } from './field-errors';

describe('fieldErrors', () => {
  it('splits the gateway message by field path', () => {
    expect(fieldErrors('flatRatePerKwh: flatRatePerKwh must be at least 0; timeOfUse.1.to: must differ from from')).toEqual({
      flatRatePerKwh: 'flatRatePerKwh must be at least 0',
      'timeOfUse.1.to': 'must differ from from',
    });
  });

  it('ignores text that names no field', () => {
    expect(fieldErrors('the server is busy')).toEqual({});
  });
});

import { redactText } from './redact-text';

describe(redactText.name, () => {
  it('redacts keys in URLs inside text and leaves the rest alone', () => {
    expect(redactText('CallMeBotDeliveryError: GET https://api.callmebot.com/whatsapp.php?phone=%2B49&text=hi&apikey=s3cret failed')).toBe(
      'CallMeBotDeliveryError: GET https://api.callmebot.com/whatsapp.php?phone=%2B49&text=hi&apikey=[redacted] failed',
    );
    expect(redactText('mqtt://alert:pw@broker:1883 down; apikey=abc')).toBe('mqtt://alert:***@broker:1883 down; apikey=[redacted]');
    expect(redactText('CallMeBotDeliveryError: 203 API key incorrect')).toBe('CallMeBotDeliveryError: 203 API key incorrect');
  });
});

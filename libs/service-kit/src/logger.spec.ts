import { RateLimitedLog, redactUrl } from './logger';

describe(redactUrl.name, () => {
  it('hides API keys in query strings and URL passwords', () => {
    expect(redactUrl('https://api.callmebot.com/whatsapp.php?phone=%2B4912345&text=hi&apikey=123456')).toBe(
      'https://api.callmebot.com/whatsapp.php?phone=%2B4912345&text=hi&apikey=%5Bredacted%5D',
    );
    expect(redactUrl('mysql://root:hunter2@db:3306/energy')).toBe('mysql://root:***@db:3306/energy');
  });
});

describe(RateLimitedLog.name, () => {
  it('lets one line per key through per interval and counts the rest', () => {
    let now = 0;
    const log = new RateLimitedLog(1000, () => now);
    expect(log.allow('a')).toBe(0);
    expect(log.allow('a')).toBeNull();
    expect(log.allow('a')).toBeNull();
    expect(log.allow('b')).toBe(0);
    now = 1500;
    expect(log.allow('a')).toBe(2);
  });
});

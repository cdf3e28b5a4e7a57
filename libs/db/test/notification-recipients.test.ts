import { DuplicateRecipientError, InvalidRecipientError, NotificationRecipientsRepository } from '../src';
import { testDatabaseFactories, type TestDatabase } from '../src/testing/test-database';

/** Issue 17: WhatsApp recipients with write-only CallMeBot keys. */
describe.each(Object.entries(testDatabaseFactories))('notification recipients: %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t.drop());

  it('stores phone, label and key; lists and finds them without the key; the sender reads the key as given', async () => {
    const repo = new NotificationRecipientsRepository(t.db);
    const added = await repo.add({ phone: ' +4915112345678 ', label: 'Anna', apiKey: 'k7x9q2' });
    expect(added).toMatchObject({ phone: '+4915112345678', label: 'Anna' });
    const listed = await repo.list();
    expect(listed).toEqual([added]);
    expect(JSON.stringify(listed)).not.toContain('k7x9q2');
    expect(await repo.find(added.id)).toEqual(added);
    expect(JSON.stringify(await repo.find(added.id))).not.toContain('k7x9q2');
    expect(await repo.withKeys()).toEqual([{ id: added.id, phone: '+4915112345678', apiKey: 'k7x9q2' }]);
  });

  it('refuses a bad phone, an empty label, a key with spaces and a phone already listed, naming the field', async () => {
    const repo = new NotificationRecipientsRepository(t.db);
    await expect(repo.add({ phone: '015112345678', label: 'x', apiKey: '1' })).rejects.toThrow(new InvalidRecipientError('phone: must be a phone number in international format such as +4915112345678'));
    await expect(repo.add({ phone: '+33612345678', label: '  ', apiKey: '1' })).rejects.toThrow('label: must be 1 to 64 characters');
    await expect(repo.add({ phone: '+33612345678', label: 'Bob', apiKey: '12 34' })).rejects.toThrow('apikey: ');
    await expect(repo.add({ phone: '+4915112345678', label: 'Again', apiKey: '999' })).rejects.toThrow(DuplicateRecipientError);
    expect((await repo.list()).map((r) => r.label)).toEqual(['Anna']);
  });

  it('removes a recipient and says whether it existed', async () => {
    const repo = new NotificationRecipientsRepository(t.db);
    const bob = await repo.add({ phone: '+33612345678', label: 'Bob', apiKey: 'abc' });
    expect(await repo.remove(bob.id)).toBe(true);
    expect(await repo.remove(bob.id)).toBe(false);
    expect((await repo.list()).map((r) => r.phone)).toEqual(['+4915112345678']);
  });
});

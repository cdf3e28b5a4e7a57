import { DeviceQueue } from './device-queue';

describe(DeviceQueue.name, () => {
  it('runs one device strictly in order, even when earlier work is slower', async () => {
    const queue = new DeviceQueue(() => undefined);
    const order: number[] = [];
    const slow = (n: number, ms: number) => () => new Promise<void>((resolve) => setTimeout(() => (order.push(n), resolve()), ms));
    queue.post('a', slow(1, 30));
    queue.post('a', slow(2, 1));
    queue.post('a', slow(3, 10));
    await queue.drain();
    expect(order).toEqual([1, 2, 3]);
  });

  it('lets other devices run while one is busy, and survives a failing job', async () => {
    const errors: string[] = [];
    const queue = new DeviceQueue((device, err) => errors.push(`${device}: ${(err as Error).message}`));
    const order: string[] = [];
    let release!: () => void;
    queue.post('slow', () => new Promise<void>((resolve) => (release = resolve)));
    queue.post('slow', async () => void order.push('slow-2'));
    queue.post('fast', async () => {
      throw new Error('boom');
    });
    await queue.run('fast', async () => void order.push('fast-2'));
    expect(order).toEqual(['fast-2']);
    release();
    await queue.drain();
    expect(order).toEqual(['fast-2', 'slow-2']);
    expect(errors).toEqual(['fast: boom']);
  });
});

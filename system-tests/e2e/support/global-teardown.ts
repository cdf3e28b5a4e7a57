import type { WriteStream } from 'node:fs';
import type { TestDatabase } from '@energy/db/testing';
import type { Stack } from '@energy/stack';
import type { FakeCallMeBot } from '@energy/alert-service/testing';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __energyE2e?: { stack: Stack; database: TestDatabase; log: WriteStream; callMeBot?: FakeCallMeBot } }).__energyE2e;
  if (!state) return;
  await state.stack.stop();
  await state.callMeBot?.close();
  await state.database.drop().catch(() => undefined);
  state.log.end();
}

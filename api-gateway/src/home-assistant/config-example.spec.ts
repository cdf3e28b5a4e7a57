import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_BEGIN, EXAMPLE_END, renderConfigExample } from './config-example';

describe('docs/integrations.md example discovery config', () => {
  it('is what the gateway publishes today (run api-gateway/scripts/write-integrations-reference.ts)', () => {
    const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'integrations.md'), 'utf8');
    expect(page.slice(page.indexOf(EXAMPLE_BEGIN), page.indexOf(EXAMPLE_END) + EXAMPLE_END.length)).toBe(renderConfigExample());
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REFERENCE_BEGIN, REFERENCE_END, renderTopicReference, type AsyncApiDocument } from './topic-reference';

const docs = join(__dirname, '..', '..', '..', 'docs');
const document = parse(readFileSync(join(docs, 'asyncapi.yaml'), 'utf8')) as AsyncApiDocument;

describe('docs/integrations.md topic reference', () => {
  it('is exactly what the generator writes from docs/asyncapi.yaml (run api-gateway/scripts/write-integrations-reference.ts)', () => {
    const page = readFileSync(join(docs, 'integrations.md'), 'utf8');
    const block = page.slice(page.indexOf(REFERENCE_BEGIN), page.indexOf(REFERENCE_END) + REFERENCE_END.length);
    expect(block).toBe(renderTopicReference(document));
  });

  it('names every channel address and every field of the device state', () => {
    const reference = renderTopicReference(document);
    for (const channel of Object.values(document.channels)) expect(reference).toContain(`#### \`${channel.address}\``);
    for (const field of ['energy_kwh', 'power_w', 'alert']) expect(reference).toContain(`| \`${field}\` |`);
  });
});

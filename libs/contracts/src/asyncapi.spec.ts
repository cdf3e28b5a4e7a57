import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { loadFixtures } from './fixtures';
import { READING_JSON_SCHEMA } from './reading-json-schema';
import { telemetryBatchTopic, TELEMETRY_BATCH_FILTER } from './telemetry-stream';
import { deviceStateSchema, haTopics } from './home-assistant';
import { relayRequestTopic } from './relay';
import { FindingKind } from './analytics';
import { TopicKind } from './topics';

const spec = require('@asyncapi/specs').schemas['3.0.0'] as object;
const document = parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml'), 'utf8')) as {
  asyncapi: string;
  channels: Record<string, { address: string }>;
  components: { messages: Record<string, { payload: object; examples?: Array<{ payload: unknown }> }> };
};

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3.0 document', () => {
    // The bundled AsyncAPI schema embeds its own copy of the draft-07 meta-schema, so Ajv's must stay out.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats(ajv);
    const validate = ajv.compile(spec);
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(document.asyncapi).toBe('3.0.0');
  });

  it('describes exactly the topic tree in libs/contracts', () => {
    const addresses = Object.values(document.channels).map((c) => c.address).sort();
    const internal = TELEMETRY_BATCH_FILTER.replace('+', '{partition}');
    const homeAssistant = [haTopics.birth('{discoveryPrefix}'), haTopics.allConfigs('{discoveryPrefix}').replace('+/+/+', '{component}/{nodeId}/{objectId}')];
    const integrations = relayRequestTopic('{account}', '{deviceId}');
    expect(addresses).toEqual([...Object.values(TopicKind).map((kind) => `energy/{deviceId}/${kind}`), internal, ...homeAssistant, integrations].sort());
    expect(telemetryBatchTopic(7)).toBe('svc/p07/telemetry');
  });

  it('publishes as the reading payload exactly the JSON Schema the ingest compiles (READING_JSON_SCHEMA)', () => {
    expect(document.components.messages.reading!.payload).toEqual(READING_JSON_SCHEMA);
  });

  it('has a reading schema that accepts every valid fixture and refuses the wrongly typed ones', () => {
    const validate = new Ajv({ strict: false }).compile(document.components.messages.reading!.payload);
    for (const fixture of loadFixtures('reading')) {
      let json: unknown;
      try {
        json = JSON.parse(fixture.payload.toString());
      } catch {
        continue; // malformed JSON is not a schema question
      }
      const schemaOnly = ['oldest-after-seq.json', 'power-exceeds-apparent.json', 'infinity.json'].some((f) => fixture.file.endsWith(f));
      if (schemaOnly) continue; // cross-field rules JSON Schema cannot express
      expect({ file: fixture.file, valid: validate(json) }).toEqual({ file: fixture.file, valid: fixture.valid });
    }
  });

  it('gives a device state example that deviceStateSchema accepts, and requires exactly its fields', () => {
    const message = document.components.messages.deviceState!;
    for (const example of message.examples ?? []) expect(deviceStateSchema.safeParse(example.payload).error).toBeUndefined();
    const required = (message.payload as { required: string[] }).required;
    expect([...required].sort()).toEqual(Object.keys(deviceStateSchema.shape).sort());
  });

  it('documents the analytics payloads with examples their schemas accept, and exactly the finding kinds of FindingKind (issue 18)', () => {
    const ajv = new Ajv({ strict: false });
    for (const name of ['forecast', 'finding', 'applianceRun']) {
      const message = document.components.messages[name]!;
      const validate = ajv.compile(message.payload);
      expect(message.examples?.length).toBeGreaterThan(0);
      for (const example of message.examples ?? []) expect({ name, errors: validate(example.payload) ? null : validate.errors }).toEqual({ name, errors: null });
    }
    const kind = (document.components.messages.finding!.payload as { properties: { kind: { enum: string[] } } }).properties.kind.enum;
    expect([...kind].sort()).toEqual(Object.values(FindingKind).sort());
  });
});

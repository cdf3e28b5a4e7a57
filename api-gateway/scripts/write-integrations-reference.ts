import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTopicReference, withTopicReference, type AsyncApiDocument } from '@energy/contracts/topic-reference';
import { parse } from 'yaml';
import { renderConfigExample, withConfigExample } from '../src/home-assistant/config-example';

/**
 * Writes the generated parts of docs/integrations.md: the topic and field reference (from
 * docs/asyncapi.yaml, held to libs/contracts by its spec) and the example discovery config (from the
 * gateway's own config builder). Run: node tools/run-ts.cjs api-gateway/scripts/write-integrations-reference.ts
 */
const docs = join(__dirname, '..', '..', 'docs');
const document = parse(readFileSync(join(docs, 'asyncapi.yaml'), 'utf8')) as AsyncApiDocument;
const pagePath = join(docs, 'integrations.md');
const page = readFileSync(pagePath, 'utf8');
const next = withConfigExample(withTopicReference(page, renderTopicReference(document)), renderConfigExample());
writeFileSync(pagePath, next);
process.stdout.write(`${pagePath}: ${next === page ? 'already up to date' : 'written'} (${Object.keys(document.channels).length} topics)\n`);

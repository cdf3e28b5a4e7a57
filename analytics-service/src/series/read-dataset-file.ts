import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseMinuteCsv, type MinuteSeries } from './minute-series';

/** Reads a `.csv` or `.csv.gz` file in the dataset format (gzip is recognised by its magic bytes). */
export function readDatasetFile(path: string): MinuteSeries {
  const raw = readFileSync(path);
  const gzipped = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  return parseMinuteCsv((gzipped ? gunzipSync(raw) : raw).toString('utf8'));
}

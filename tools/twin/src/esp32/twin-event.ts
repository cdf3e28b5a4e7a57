/** One machine-readable line from the host-built ESP32: `#twin <name> key=value ...`. */
export interface TwinEventLine {
  name: string;
  fields: Record<string, string>;
  raw: string;
}

const PREFIX = '#twin ';

/** Parses a stdout line; null for anything else (the sketch's own Serial output). */
export function parseTwinEvent(line: string): TwinEventLine | null {
  if (!line.startsWith(PREFIX)) return null;
  const [name, ...pairs] = line.slice(PREFIX.length).trim().split(/\s+/);
  if (!name) return null;
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { name, fields, raw: line };
}

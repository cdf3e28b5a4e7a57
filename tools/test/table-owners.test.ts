import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * One owner per table group (issue 14): production source outside a group's owner folders holds no
 * SQL on its tables. Tests, test harnesses (`src/testing/`), benches and system tests may read and
 * seed the tables directly; they are not production `src/` and are not scanned.
 */
const ROOT = join(__dirname, '..', '..');

interface TableGroup {
  name: string;
  tables: string[];
  /** Folders (or files), relative to the repository root, that may hold SQL on these tables. */
  owners: string[];
  /** Other files allowed to read the tables, each with its reason. */
  readers?: Record<string, string>;
}

const GROUPS: TableGroup[] = [
  {
    name: 'readings and rollups',
    tables: ['readings', 'reading_conflicts', 'rollup_minute', 'rollup_hour', 'rollup_day', 'data'],
    owners: [
      // The schema: the tables and the seed's `data` view.
      'libs/db/src/migrations/',
      // The write model (inserts, rollup upserts, seq checks, quarantine) and retention's delete.
      'ingest-service/src/readings/store/',
      // Every read of the gateway, the alert service and the analytics service.
      'libs/db/src/readings/reads/',
    ],
    readers: {
      'tools/twin/src/system/stored-data.ts': "the digital twin's verification compares the stored rows with what the devices sent",
    },
  },
  {
    name: 'alerts',
    tables: ['alerts', 'alert_transitions'],
    // Written by the alert service, read by the gateway (API, Home Assistant's state) through the store.
    owners: ['libs/db/src/migrations/', 'libs/db/src/alerts/alerts.store.ts'],
    readers: {
      'tools/twin/src/system/stored-data.ts': "the digital twin's verification compares the alerts raised with the ones its scenario expects",
    },
  },
  { name: 'alert rules', tables: ['alert_rules'], owners: ['libs/db/src/migrations/', 'libs/db/src/alerts/rules.store.ts'] },
  // Load shedding's own state; an alert's loadShed is derived from it.
  { name: 'relay commands', tables: ['relay_commands'], owners: ['libs/db/src/migrations/', 'libs/db/src/relay/relay-commands.store.ts'] },
  { name: 'notification deliveries', tables: ['notification_deliveries'], owners: ['libs/db/src/migrations/', 'libs/db/src/notifications/deliveries.store.ts'] },
];

/** Every production TypeScript source: each package's `src/`, without specs and test harnesses. */
function productionSources(): string[] {
  const packages = ['broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service', 'dashboard-angular'];
  for (const parent of ['libs', 'tools']) {
    for (const name of readdirSync(join(ROOT, parent))) if (statSync(join(ROOT, parent, name)).isDirectory()) packages.push(`${parent}/${name}`);
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'testing') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(relative(ROOT, path).split(sep).join('/'));
      }
    }
  };
  for (const pkg of packages) {
    const src = join(ROOT, pkg, 'src');
    if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src);
  }
  return files;
}

/**
 * Does this source hold SQL on one of the tables? A statement naming the table, or a statement on an
 * interpolated table (`FROM ${table}`) in a file that names one of the tables in quotes.
 */
function holdsSqlOn(source: string, tables: readonly string[]): boolean {
  const names = tables.join('|');
  if (new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+[\`"]?(${names})\\b`).test(source)) return true;
  return /\b(FROM|JOIN|INTO|UPDATE)\s+\$\{/.test(source) && new RegExp(`['"\`](${names})['"\`]`).test(source);
}

const sources = productionSources();

describe.each(GROUPS)('table group $name', (group) => {
  const ownedBy = (file: string) => group.owners.some((owner) => file === owner || file.startsWith(owner));
  const holders = sources.filter((file) => holdsSqlOn(readFileSync(join(ROOT, file), 'utf8'), group.tables));

  it('has SQL only in its owners', () => {
    const outside = holders.filter((file) => !ownedBy(file) && !(file in (group.readers ?? {})));
    // Names the files: move their SQL into an owner (and call it from there).
    expect(outside).toEqual([]);
  });

  it('is found in each owner (so the check can see SQL at all)', () => {
    for (const owner of group.owners) expect(holders.filter((file) => file.startsWith(owner)).length).toBeGreaterThan(0);
  });
});

describe(holdsSqlOn.name, () => {
  it('sees a statement on a table, and one on an interpolated rollup table', () => {
    expect(holdsSqlOn("db.query('SELECT energy_wh FROM rollup_day WHERE day = ?')", ['rollup_day'])).toBe(true);
    expect(holdsSqlOn("energy(table: 'rollup_minute' | 'rollup_hour') { return q(`SELECT 1 FROM ${table}`); }", ['rollup_minute'])).toBe(true);
    expect(holdsSqlOn('const readings = await fetchReadings(); // data from readings', ['readings', 'data'])).toBe(false);
  });
});

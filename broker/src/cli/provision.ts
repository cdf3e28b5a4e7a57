import { isValidDeviceId } from '@energy/contracts';
import { DeviceAlreadyExistsError, DeviceNotFoundError, DevicesRepository, IntegrationsRepository, InvalidDeviceIdError, InvalidIntegrationError, migrate, ObserversRepository, openDatabase, ReservedAccountNameError, type Database } from '@energy/db';
import { loadConfigOrExit } from '@energy/service-kit';
import { loadBrokerConfig } from '../config/env';

const USAGE = `usage: provision <command> [--json]
  device add <id> [--name NAME]   register a device; prints its secret once
  device list                     list devices (never secrets)
  device revoke <id>              refuse the device's new connections (within 60 s)
  device rotate <id>              new secret, printed once; lifts a revocation
  observer add <username>         read-only account for energy/#; prints its secret once
  observer revoke <username>
  integration add <username> [--devices ID,ID,...]
                                  account for Home Assistant, Node-RED...: reads energy/# and the
                                  discovery topics, may ask for relay changes of the listed devices
                                  (all devices without --devices); prints its secret once
  integration list                list integration accounts (never secrets)
  integration revoke <username>
Uses DATABASE_URL (mysql://...) or SQLITE_PATH, like the broker.`;

export class UsageError extends Error {}
/** A refusal the operator can fix: printed without a stack trace, exit code 1. */
export class ProvisionError extends Error {}

/** A name the repository refuses (a service's, or the other kind's) is a refusal, exit 1. */
const refusedAsProvisionError = (err: unknown): never => {
  throw err instanceof ReservedAccountNameError || err instanceof InvalidIntegrationError ? new ProvisionError(err.message) : err;
};

export interface Output {
  out(line: string): void;
}

/** Runs one command; throws UsageError or ProvisionError for the caller to map to exit codes. */
export async function runProvision(argv: string[], db: Database, output: Output): Promise<void> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [noun, verb, subject] = args;
  const devices = new DevicesRepository(db);
  const observers = new ObserversRepository(db);
  const integrations = new IntegrationsRepository(db);
  const print = (human: string, data: unknown) => output.out(json ? JSON.stringify(data) : human);
  const requireSubject = () => {
    if (!subject) throw new UsageError(`${noun} ${verb} needs a ${noun === 'device' ? 'device id' : 'username'}`);
    return subject;
  };
  const secretLine = (secret: string) => `secret: ${secret}\n(shown once: it is stored only as a salted hash)`;

  switch (`${noun} ${verb}`) {
    case 'device add': {
      const id = requireSubject();
      const nameAt = args.indexOf('--name');
      if (nameAt >= 0 && !args[nameAt + 1]) throw new UsageError('--name needs a value');
      const name = nameAt >= 0 ? args[nameAt + 1] : undefined;
      // Service names and prefixes, and observers' names, are refused by the repository itself.
      const { device, secret } = await devices.add(id, name).catch(refusedAsProvisionError);
      return print(`device ${device.id} added (name: ${device.name})\n${secretLine(secret)}`, { id: device.id, name: device.name, secret });
    }
    case 'device list': {
      const list = await devices.list();
      if (json) return output.out(JSON.stringify(list.map(({ secretHash: _hash, ...rest }) => rest)));
      if (list.length === 0) return output.out('no devices');
      for (const d of list) output.out(`${d.id}\t${d.name}\t${d.revokedMs ? `revoked ${new Date(d.revokedMs).toISOString()}` : 'active'}`);
      return;
    }
    case 'device revoke': {
      const id = requireSubject();
      await devices.revoke(id);
      return print(`device ${id} revoked: new connections are refused within 60 s; connected sessions stay until they disconnect`, { id, revoked: true });
    }
    case 'device rotate': {
      const id = requireSubject();
      const secret = await devices.rotate(id);
      return print(`device ${id} has a new secret (the old one stops working within 60 s)\n${secretLine(secret)}`, { id, secret });
    }
    case 'observer add': {
      const username = requireSubject();
      // Usernames share one namespace with devices and services.
      if (!isValidDeviceId(username)) throw new ProvisionError(`observer username ${JSON.stringify(username)} must match [a-z0-9][a-z0-9_-]{0,63}`);
      const secret = await observers.upsert(username).catch(refusedAsProvisionError);
      return print(`observer ${username} added; it may subscribe to energy/# and never publish\n${secretLine(secret)}`, { username, secret });
    }
    case 'observer revoke': {
      const username = requireSubject();
      if (!(await observers.revoke(username))) throw new ProvisionError(`observer ${username} does not exist or is already revoked`);
      return print(`observer ${username} revoked`, { username, revoked: true });
    }
    case 'integration add': {
      const username = requireSubject();
      const at = args.indexOf('--devices');
      if (at >= 0 && !args[at + 1]) throw new UsageError('--devices needs a comma-separated list of device ids');
      const list = at >= 0 ? args[at + 1]!.split(',').map((id) => id.trim()).filter(Boolean) : null;
      const secret = await integrations.upsert(username, list).catch(refusedAsProvisionError);
      const scope = list ? `devices ${list.join(', ')}` : 'every device';
      return print(
        `integration ${username} added; it reads energy/# and the discovery topics, and may ask for relay changes of ${scope} on svc/relay/${username}/{device}/set\n${secretLine(secret)}`,
        { username, devices: list, secret },
      );
    }
    case 'integration list': {
      const list = await integrations.list();
      if (json) return output.out(JSON.stringify(list.map(({ secretHash: _hash, ...rest }) => rest)));
      if (list.length === 0) return output.out('no integration accounts');
      for (const i of list) output.out(`${i.username}\t${i.devices ? i.devices.join(',') : 'all devices'}\t${i.revokedMs ? `revoked ${new Date(i.revokedMs).toISOString()}` : 'active'}`);
      return;
    }
    case 'integration revoke': {
      const username = requireSubject();
      if (!(await integrations.revoke(username))) throw new ProvisionError(`integration ${username} does not exist or is already revoked`);
      return print(`integration ${username} revoked: its connections are closed within REVOCATION_CHECK_MS`, { username, revoked: true });
    }
    default:
      throw new UsageError(noun ? `unknown command: ${args.join(' ')}` : 'no command given');
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit('provision', () => loadBrokerConfig());
  const db = openDatabase(config.database);
  try {
    await migrate(db);
    await runProvision(process.argv.slice(2), db, { out: (line) => process.stdout.write(`${line}\n`) });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`provision: ${err.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (err instanceof ProvisionError || err instanceof DeviceAlreadyExistsError || err instanceof DeviceNotFoundError || err instanceof InvalidDeviceIdError) {
      process.stderr.write(`provision: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      throw err;
    }
  } finally {
    await db.close();
  }
}

// tools/run-ts.cjs sets argv[1] to the entry file; importing this module (tests) runs nothing.
if (process.argv[1] === __filename) {
  main().catch((err: unknown) => {
    process.stderr.write(`provision: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

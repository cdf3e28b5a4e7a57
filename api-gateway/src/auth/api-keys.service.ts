import { Injectable, NotFoundException } from '@nestjs/common';
import { generateSecret } from '@energy/db';
import { ApiKeysRepository, type ApiKeyAccess, type ApiKeyRecord } from './api-keys.repository';
import { sha256Hex } from './auth.service';

export interface ApiKeyView {
  id: number;
  name: string;
  access: ApiKeyAccess;
  /** The first characters, so a user can tell keys apart; never the key. */
  hint: string;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
}

const KEY_PREFIX = 'emk_';
const view = (r: ApiKeyRecord): ApiKeyView => ({
  id: r.id,
  name: r.name,
  access: r.access,
  hint: r.keyHint,
  createdBy: r.createdBy,
  createdAt: r.createdMs,
  lastUsedAt: r.lastUsedMs,
});

@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  /** Creates a key and returns it in full: the only time it is shown. Only its SHA-256 is stored. */
  async create(name: string, access: ApiKeyAccess, createdBy: string): Promise<ApiKeyView & { key: string }> {
    const key = `${KEY_PREFIX}${generateSecret()}`;
    const record = await this.keys.create({ name, access, sha256: sha256Hex(key), hint: key.slice(0, KEY_PREFIX.length + 4), createdBy });
    return { ...view(record), key };
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(view);
  }

  async revoke(id: number): Promise<void> {
    if (!(await this.keys.revoke(id))) throw new NotFoundException(`API key ${id} does not exist`);
  }
}

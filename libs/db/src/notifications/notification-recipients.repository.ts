import { E164_PATTERN } from '@energy/contracts';
import type { Database } from '../database';

/** A recipient as it may be shown: no CallMeBot key. */
export interface NotificationRecipient {
  id: number;
  phone: string;
  label: string;
  createdMs: number;
}

export class InvalidRecipientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRecipientError';
  }
}

export class DuplicateRecipientError extends Error {
  constructor() {
    super('phone: this number is already a recipient; remove it first to change its key');
    this.name = 'DuplicateRecipientError';
  }
}

interface RecipientRow {
  id: number;
  phone: string;
  label: string;
  created_ms: number;
}

const toRecipient = (row: RecipientRow): NotificationRecipient => ({ id: Number(row.id), phone: row.phone, label: row.label, createdMs: Number(row.created_ms) });

/** CallMeBot keys are short digit strings; this admits any printable key without spaces up to 128 characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/**
 * WhatsApp recipients added from the dashboard (issue 17). The CallMeBot key is write-only: `list` and
 * `find` never select it; only `keyOf`/`withKeys` (for the alert service, which sends) read it.
 */
export class NotificationRecipientsRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<NotificationRecipient[]> {
    return (await this.db.query<RecipientRow>('SELECT id, phone, label, created_ms FROM notification_recipients ORDER BY id')).map(toRecipient);
  }

  async find(id: number): Promise<NotificationRecipient | null> {
    const [row] = await this.db.query<RecipientRow>('SELECT id, phone, label, created_ms FROM notification_recipients WHERE id = ?', [id]);
    return row ? toRecipient(row) : null;
  }

  async add(input: { phone: string; label: string; apiKey: string }): Promise<NotificationRecipient> {
    const phone = input.phone.trim();
    const label = input.label.trim();
    const apiKey = input.apiKey.trim();
    if (!E164_PATTERN.test(phone)) throw new InvalidRecipientError('phone: must be a phone number in international format such as +4915112345678');
    if (label.length === 0 || label.length > 64) throw new InvalidRecipientError('label: must be 1 to 64 characters');
    if (!KEY_PATTERN.test(apiKey)) throw new InvalidRecipientError('apikey: must be the CallMeBot key (1 to 128 characters, no spaces)');
    const [taken] = await this.db.query<{ id: number }>('SELECT id FROM notification_recipients WHERE phone = ?', [phone]);
    if (taken) throw new DuplicateRecipientError();
    const createdMs = Date.now();
    const { insertId } = await this.db.execute('INSERT INTO notification_recipients (phone, label, callmebot_key, created_ms) VALUES (?, ?, ?, ?)', [phone, label, apiKey, createdMs]);
    return { id: Number(insertId), phone, label, createdMs };
  }

  /** True when it existed. */
  async remove(id: number): Promise<boolean> {
    return (await this.db.execute('DELETE FROM notification_recipients WHERE id = ?', [id])).affectedRows > 0;
  }

  /** For sending only: every recipient's phone and key. Never return this over an API or log it. */
  async withKeys(): Promise<Array<{ id: number; phone: string; apiKey: string }>> {
    const rows = await this.db.query<{ id: number; phone: string; callmebot_key: string }>('SELECT id, phone, callmebot_key FROM notification_recipients ORDER BY id');
    return rows.map((r) => ({ id: Number(r.id), phone: r.phone, apiKey: r.callmebot_key }));
  }
}

import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './topics';

export const relayStateSchema = z.enum(['on', 'off']);
export type RelayState = z.infer<typeof relayStateSchema>;

/**
 * The longest a relay command may stay valid (issue 16): a command is meant to act now or not at
 * all, so a device refuses one whose window is longer, whatever its sender says.
 */
export const RELAY_COMMAND_MAX_TTL_MS = 3_600_000;

/** UTC milliseconds since the epoch, as a reading's `ts`: an integer from 2020 on. */
const epochMs = (field: string) =>
  z
    .number({ error: `${field} must be UTC milliseconds since the epoch` })
    .int(`${field} must be a whole number of milliseconds`)
    .min(1_577_836_800_000, `${field} must be UTC milliseconds since the epoch (2020 or later)`)
    .max(Number.MAX_SAFE_INTEGER);

/**
 * `energy/{deviceId}/cmd/relay`, bus -> device. `reason` is for logs; `cmd_id` lets a report be matched.
 * `issued_at` and `expires_at` (UTC ms) bound when it may act: a device whose clock says
 * `expires_at` has passed ignores it and reports `result: "expired"`; one with no valid clock yet
 * ignores it and reports `result: "no_clock"` (it cannot tell how late the command is).
 */
export const relayCommandSchema = z
  .strictObject({
    state: relayStateSchema,
    cmd_id: z.string().max(64).optional(),
    reason: z.string().max(200).optional(),
    issued_at: epochMs('issued_at'),
    expires_at: epochMs('expires_at'),
  })
  .superRefine((c, ctx) => {
    if (c.expires_at <= c.issued_at) ctx.addIssue({ code: 'custom', path: ['expires_at'], message: 'expires_at must be after issued_at' });
    else if (c.expires_at - c.issued_at > RELAY_COMMAND_MAX_TTL_MS) {
      ctx.addIssue({ code: 'custom', path: ['expires_at'], message: `expires_at must be at most ${RELAY_COMMAND_MAX_TTL_MS} ms after issued_at` });
    }
  });
export type RelayCommand = z.infer<typeof relayCommandSchema>;

/** What a device did with the command named by `cmd_id`. */
export const relayResultSchema = z.enum(['applied', 'expired', 'no_clock']);
export type RelayResult = z.infer<typeof relayResultSchema>;

/**
 * `energy/{deviceId}/relay`, device -> bus, retained: the state the relay is really in, and what
 * happened to the last command (`cmd_id`, `result`). An expired command leaves `state` as it was.
 */
export const relayReportSchema = z.strictObject({
  state: relayStateSchema,
  cmd_id: z.string().max(64).optional(),
  result: relayResultSchema.optional(),
});
export type RelayReport = z.infer<typeof relayReportSchema>;

/** Whether the device's clock says the command may still act; `nowMs` null: the device has no valid clock. */
export function relayCommandVerdict(command: Pick<RelayCommand, 'issued_at' | 'expires_at'>, nowMs: number | null): RelayResult {
  if (nowMs === null) return 'no_clock';
  return nowMs >= command.expires_at ? 'expired' : 'applied';
}

/**
 * Manual relay requests from third-party tools (issue 17, e.g. a Home Assistant switch's
 * `command_topic`): `svc/relay/{account}/{deviceId}/set`. The alert service consumes them and sends the
 * device command itself, with the same confirmation, expiry and audit (`mqtt:{account}`) as the API.
 * The broker lets an account publish only under its own name, and only for devices it may switch.
 */
export const RELAY_REQUEST_FILTER = 'svc/relay/+/+/set';
export const relayRequestTopic = (account: string, deviceId: string): string => `svc/relay/${account}/${deviceId}/set`;

const ACCOUNT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Splits `svc/relay/{account}/{deviceId}/set`; null for anything else. */
export function parseRelayRequestTopic(topic: string): { account: string; deviceId: string } | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== 'svc' || parts[1] !== 'relay' || parts[4] !== 'set') return null;
  const [account, deviceId] = [parts[2]!, parts[3]!];
  if (!ACCOUNT_PATTERN.test(account) || !DEVICE_ID_PATTERN.test(deviceId)) return null;
  return { account, deviceId };
}

/** The request's payload: `ON`/`OFF` (Home Assistant's defaults), `on`/`off`, or `{"state":"on"|"off"}`. */
export function parseRelayRequest(payload: string): RelayState | null {
  const text = payload.trim();
  if (/^(on|off)$/i.test(text)) return text.toLowerCase() as RelayState;
  try {
    const body = z.strictObject({ state: relayStateSchema }).safeParse(JSON.parse(text));
    return body.success ? body.data.state : null;
  } catch {
    return null;
  }
}

/** Where a relay command came from (the audit's `source`). */
export type RelaySource = 'load_shed' | 'shed_window' | 'api' | 'alert_restore' | 'mqtt';

/** A relay command as the alert service stores it and the gateway shows it (`GET /api/v1/devices/{id}/relay`). */
export interface RelayCommandRecord {
  cmdId: string;
  deviceId: string;
  state: RelayState;
  /** requested: sent, not confirmed; confirmed; failed: never confirmed before it expired; expired: the device refused it as too late;
   * restored: a confirmed cut switched back on; superseded: a newer command for the device replaced it. */
  status: 'requested' | 'confirmed' | 'failed' | 'expired' | 'restored' | 'superseded';
  source: RelaySource;
  requestedBy: string | null;
  alertId: number | null;
  reason: string;
  attempts: number;
  issuedAt: number;
  expiresAt: number;
  confirmedAt: number | null;
  /** The relay state the device last reported when the command ended (failed, expired); null if it never reported. */
  reportedState: RelayState | null;
}

/** `svc/alert/relay/set`: the gateway asks the alert service to switch a relay. */
export const relaySetRequestSchema = z.strictObject({
  deviceId: z.string().regex(DEVICE_ID_PATTERN),
  state: relayStateSchema,
  by: z.string().max(64),
});
export type RelaySetRequest = z.infer<typeof relaySetRequestSchema>;

/** `svc/alert/alerts/restore-load`: switch back on the load an alert shed. */
export const alertRestoreLoadRequestSchema = z.strictObject({ alertId: z.number().int().positive(), by: z.string().max(64) });
export type AlertRestoreLoadRequest = z.infer<typeof alertRestoreLoadRequestSchema>;

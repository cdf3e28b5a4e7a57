import type { LoadShedState, RelayCommandRecord, RelayState } from '@energy/contracts';

/** What the derivation needs of a relay command sent for an alert. */
export interface AlertCommand {
  state: RelayState;
  status: RelayCommandRecord['status'];
  confirmedMs: number | null;
}

/**
 * An alert's `loadShed`, derived from the relay commands sent for it (oldest first), so load shedding
 * keeps its own state in relay_commands and never writes the alert:
 * - no cut: null (the alert shed no load);
 * - an `on` for the alert the device confirmed (the window's re-enable, or an undo): `restored`, unless
 *   the cut itself was confirmed after it (a late confirmation);
 * - otherwise the cut's outcome: `failed`, `expired`, `confirmed` once the device confirmed it (also
 *   when it was later superseded or restored by an `on` not yet confirmed), else `requested`.
 */
export function loadShedOf(commands: readonly AlertCommand[]): LoadShedState | null {
  const cut = commands.filter((c) => c.state === 'off').at(-1);
  if (!cut) return null;
  const restoredAt = commands.filter((c) => c.state === 'on' && c.status === 'confirmed').reduce<number | null>((at, c) => Math.max(at ?? 0, c.confirmedMs ?? 0), null);
  const cutConfirmedLater = cut.confirmedMs !== null && restoredAt !== null && cut.confirmedMs > restoredAt;
  if (restoredAt !== null && !cutConfirmedLater) return 'restored';
  if (cut.status === 'failed' || cut.status === 'expired') return cut.status;
  return cut.confirmedMs === null ? 'requested' : 'confirmed';
}

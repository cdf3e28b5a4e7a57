import { z } from 'zod';

export const relayStateSchema = z.enum(['on', 'off']);
export type RelayState = z.infer<typeof relayStateSchema>;

/** `energy/{deviceId}/cmd/relay`, bus -> device. `reason` is for logs; `cmd_id` lets a report be matched. */
export const relayCommandSchema = z.strictObject({
  state: relayStateSchema,
  cmd_id: z.string().max(64).optional(),
  reason: z.string().max(200).optional(),
});
export type RelayCommand = z.infer<typeof relayCommandSchema>;

/** `energy/{deviceId}/relay`, device -> bus, retained: the state the relay is really in. */
export const relayReportSchema = z.strictObject({
  state: relayStateSchema,
  cmd_id: z.string().max(64).optional(),
});
export type RelayReport = z.infer<typeof relayReportSchema>;

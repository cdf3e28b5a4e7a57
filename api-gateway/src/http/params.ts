import { isValidDeviceId } from '@energy/contracts';
import { z } from 'zod';

export const DAY_MS = 86_400_000;
export const MAX_DEVICES_PER_QUERY = 20;

/** A UTC millisecond timestamp in a query string: digits only, between 2000 and 2200. */
export const msTimestamp = z
  .string({ error: 'must be a UTC millisecond timestamp' })
  .regex(/^\d{1,16}$/, 'must be a UTC millisecond timestamp (digits only)')
  .transform(Number)
  .refine((ms) => ms >= Date.UTC(2000, 0, 1) && ms <= Date.UTC(2200, 0, 1), 'must be a UTC millisecond timestamp between 2000 and 2200');

export const deviceIdSchema = z
  .string({ error: 'must be a device id' })
  .refine(isValidDeviceId, 'must be a device id: lowercase letters, digits, - and _, at most 64 characters');

/** `devices=a,b` (or repeated `devices=a&devices=b`): 1 to 20 distinct valid device ids. */
export const deviceList = z
  .union([z.string(), z.array(z.string()).max(MAX_DEVICES_PER_QUERY)], { error: 'must be a comma-separated list of device ids' })
  .transform((value) => [...new Set((Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))])
  .pipe(
    z
      .array(deviceIdSchema)
      .min(1, 'must name at least one device')
      .max(MAX_DEVICES_PER_QUERY, `must name at most ${MAX_DEVICES_PER_QUERY} devices`),
  );

/** Adds the range rules every from/to query shares. */
export function withRange<T extends { from: number; to: number }>(schema: z.ZodType<T>, maxDays: number) {
  return schema.superRefine((q, ctx) => {
    if (q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (q.to - q.from > maxDays * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range from..to must be at most ${maxDays} days` });
  });
}

/** A numeric route id: digits only, so `1 OR 1=1` and `{"id":1}` never reach SQL. */
export const numericId = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'must be a positive integer')
  .transform(Number);

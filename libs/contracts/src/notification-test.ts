import { z } from 'zod';

/** `svc/alert/notifications/test`: the gateway asks the alert service to send a test message to one stored recipient (issue 17). */
export const notificationTestRequestSchema = z.strictObject({ recipientId: z.number().int().positive(), by: z.string().max(64) });
export type NotificationTestRequest = z.infer<typeof notificationTestRequestSchema>;

/** The delivery's outcome, as CallMeBot answered it. The phone is masked; the key never appears. */
export interface NotificationTestResult {
  recipientId: number;
  phone: string;
  outcome: 'sent' | 'failed';
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

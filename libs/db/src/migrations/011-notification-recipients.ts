import type { Migration } from './migration';

/**
 * WhatsApp recipients added from the dashboard (issue 17): each phone with its own CallMeBot API key.
 * The key is stored as given (CallMeBot needs it in every request, so it cannot be hashed) and is
 * write-only: the gateway never returns it and nothing logs it. Read by the alert service.
 */
export const notificationRecipientsMigration: Migration = {
  version: 11,
  name: 'notification_recipients: WhatsApp recipients and their CallMeBot keys',
  up: {
    mysql: [
      `CREATE TABLE notification_recipients (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  phone VARCHAR(16) NOT NULL,
  label VARCHAR(64) NOT NULL,
  callmebot_key VARCHAR(128) NOT NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE KEY uq_notification_recipients_phone (phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
    sqlite: [
      `CREATE TABLE notification_recipients (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  phone TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  callmebot_key TEXT NOT NULL,
  created_ms INTEGER NOT NULL
)`,
    ],
  },
};

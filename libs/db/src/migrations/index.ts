import { coreMigration } from './001-core';
import { alertsMigration } from './002-alerts';
import { gatewayMigration } from './003-gateway';
import { exactEnergyMigration } from './004-exact-energy';
import { readingConflictsMigration } from './005-reading-conflicts';
import { localTimeComputedMigration } from './006-local-time-computed';
import { relayCommandExpiryMigration } from './007-relay-command-expiry';
import { integrationAccountsMigration } from './009-integration-accounts';
import { analyticsSignatureNamesMigration } from './010-analytics-signature-names';
import { notificationRecipientsMigration } from './011-notification-recipients';
import { loadShedFromRelayCommandsMigration } from './012-load-shed-from-relay-commands';
import type { Migration } from './migration';

/** Every migration, in order. Each service's tables come in their own numbered file. */
export const migrations: readonly Migration[] = [coreMigration, alertsMigration, gatewayMigration, exactEnergyMigration, readingConflictsMigration, localTimeComputedMigration, relayCommandExpiryMigration, integrationAccountsMigration, analyticsSignatureNamesMigration, notificationRecipientsMigration, loadShedFromRelayCommandsMigration];
export type { Migration } from './migration';

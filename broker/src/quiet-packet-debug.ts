import { quietDebugOf } from '@energy/service-kit';

// Imported first by main.ts, before aedes loads mqtt-packet: its per-packet debug calls cost CPU on
// every message even when DEBUG is off (libs/service-kit/src/quiet-debug.ts).
quietDebugOf('mqtt-packet');

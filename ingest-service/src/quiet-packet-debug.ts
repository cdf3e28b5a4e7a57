// Not from the package's index: that loads mqtt.js, and with it mqtt-packet, first.
import { quietDebugOf } from '@energy/service-kit/quiet-debug';

// Imported first by main.ts, before mqtt.js loads mqtt-packet: its per-packet debug calls cost CPU on
// every reading even when DEBUG is off (libs/service-kit/src/quiet-debug.ts).
quietDebugOf('mqtt-packet');

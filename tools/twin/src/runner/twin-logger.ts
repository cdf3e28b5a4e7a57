import pino, { type Logger } from 'pino';
import { prettyLogLine } from '@energy/stack';

/** The twin's own log: pino JSON, printed like the services' lines (`12:00:01 twin  info  message {extra}`). */
export function createTwinLogger(sink: (line: string) => void, level = 'info'): Logger {
  return pino({ name: 'twin', level, base: { service: 'twin' } }, { write: (json: string) => sink(prettyLogLine('twin', json.trimEnd())) });
}

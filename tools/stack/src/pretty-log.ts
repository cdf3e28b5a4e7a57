const COLORS: Record<string, string> = { broker: '36', ingest: '32', alert: '33', gateway: '35', simulator: '34', dashboard: '90' };
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Prints a service's pino JSON line as `12:00:01 broker  info  message {extra}`; other lines as they are. */
export function prettyLogLine(service: string, line: string, color = process.stdout.isTTY): string {
  const tag = color ? `\x1b[${COLORS[service] ?? '0'}m${service.padEnd(9)}\x1b[0m` : service.padEnd(9);
  if (!line.startsWith('{')) return `${tag} ${line}`;
  try {
    const { time, level, msg, service: _s, name: _n, pid: _p, hostname: _h, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const clock = new Date(typeof time === 'number' ? time : Date.now()).toISOString().slice(11, 19);
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${clock} ${tag} ${(LEVELS[level as number] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${extra}`;
  } catch {
    return `${tag} ${line}`;
  }
}

/** The fields of a UNO line the twin's truth needs (libs/contracts/fixtures/uart). */
export interface UartLineFields {
  boot: number;
  energyWh: number;
  powerW: number;
}

export function parseUartLine(line: string): UartLineFields {
  const json = JSON.parse(line) as Record<string, unknown>;
  const boot = json.boot;
  const energyWh = json.energy_wh;
  const powerW = json.power_w;
  if (typeof boot !== 'number' || typeof energyWh !== 'number' || typeof powerW !== 'number') throw new Error(`a UNO line without boot, energy_wh or power_w: ${line}`);
  return { boot, energyWh, powerW };
}

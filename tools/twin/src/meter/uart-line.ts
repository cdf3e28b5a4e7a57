/** The fields of a UNO line the twin's truth needs (libs/contracts/fixtures/uart). */
export interface UartLineFields {
  boot: number;
  energyWh: number;
  powerW: number;
  voltageV: number;
  currentA: number;
}

export function parseUartLine(line: string): UartLineFields {
  const json = JSON.parse(line) as Record<string, unknown>;
  const boot = json.boot;
  const energyWh = json.energy_wh;
  const powerW = json.power_w;
  const voltageV = json.Voltage;
  const currentA = json.Current;
  if (typeof boot !== 'number' || typeof energyWh !== 'number' || typeof powerW !== 'number' || typeof voltageV !== 'number' || typeof currentA !== 'number') {
    throw new Error(`a UNO line without boot, Voltage, Current, power_w or energy_wh: ${line}`);
  }
  return { boot, energyWh, powerW, voltageV, currentA };
}

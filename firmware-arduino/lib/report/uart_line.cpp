#include "uart_line.h"

#include "fixed_decimal.h"

size_t encode_uart_line(char* out, size_t cap, uint32_t boot, const PowerReading& r, const EnergyTotal& energy) {
  const char* end = out + cap;
  char* p = out;
  p = put_text(p, end, "{\"boot\":");
  p = put_uint(p, end, boot);
  p = put_text(p, end, ",\"Voltage\":");
  p = put_fixed(p, end, r.vrms_v, 2);
  p = put_text(p, end, ",\"Current\":");
  p = put_fixed(p, end, r.irms_a, 3);
  p = put_text(p, end, ",\"power_w\":");
  p = put_fixed(p, end, r.power_w, 1);
  p = put_text(p, end, ",\"apparent_power_va\":");
  p = put_fixed(p, end, r.apparent_power_va, 1);
  p = put_text(p, end, ",\"power_factor\":");
  p = put_fixed(p, end, r.power_factor, 3);
  p = put_text(p, end, ",\"energy_wh\":");
  p = put_uint(p, end, energy.whole_wh);
  p = put_text(p, end, ".");
  // Energy is integer all the way: three zero-padded digits of mWh.
  const uint16_t mwh = energy.frac_mwh > 999 ? 999 : energy.frac_mwh;
  char frac[4] = {static_cast<char>('0' + mwh / 100), static_cast<char>('0' + mwh / 10 % 10),
                  static_cast<char>('0' + mwh % 10), 0};
  p = put_text(p, end, frac);
  p = put_text(p, end, "}\n");
  return p ? static_cast<size_t>(p - out) : 0;
}

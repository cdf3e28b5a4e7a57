#include "fixed_decimal.h"

char* put_fixed(char* out, const char* end, float value, uint8_t decimals) {
  if (!out || decimals > 5) return nullptr;
  static const uint32_t kScale[] = {1, 10, 100, 1000, 10000, 100000};
  float scaled = value * kScale[decimals];
  if (!(scaled == scaled)) scaled = 0;  // NaN: never put it on the wire, the contract refuses it
  bool negative = scaled < 0;
  if (negative) scaled = -scaled;
  scaled += 0.5f;
  if (scaled > 2.0e9f) scaled = 2.0e9f;
  uint32_t units = static_cast<uint32_t>(scaled);
  if (units == 0) negative = false;  // no "-0.000"
  if (negative) out = put_text(out, end, "-");
  out = put_uint(out, end, units / kScale[decimals]);
  if (!out || decimals == 0) return out;
  if (end - out < decimals + 1) return nullptr;
  *out++ = '.';
  uint32_t frac = units % kScale[decimals];
  for (int8_t i = decimals - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  return out + decimals;
}

#include "decimal.h"

namespace {
const uint64_t kLimit = 1ULL << 63;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

NumberStatus parse_scaled(const char* s, size_t len, uint8_t decimals, ScaledNumber& out) {
  out = ScaledNumber();
  size_t i = 0;
  if (i < len && s[i] == '-') out.negative = true, i++;
  if (i >= len || !is_digit(s[i])) return NumberStatus::NotANumber;
  if (s[i] == '0' && i + 1 < len && is_digit(s[i + 1])) return NumberStatus::NotANumber;

  // Collect the significant digits and where the decimal point sits.
  uint64_t mantissa = 0;
  int32_t point_shift = 0;  // value = mantissa * 10^point_shift
  bool lost_nonzero = false;
  bool round_up = false;
  int32_t kept_digits = 0;
  auto take = [&](char c, bool fractional) {
    if (kept_digits < 18) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
      if (mantissa) kept_digits++;
      if (fractional) point_shift--;
    } else {
      // Beyond 18 significant digits: remember only what rounding needs.
      if (!fractional) point_shift++;
      if (c != '0') lost_nonzero = true;
    }
  };
  for (; i < len && is_digit(s[i]); i++) take(s[i], false);
  if (i < len && s[i] == '.') {
    if (++i >= len || !is_digit(s[i])) return NumberStatus::NotANumber;
    for (; i < len && is_digit(s[i]); i++) take(s[i], true);
  }
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    bool exp_negative = false;
    if (++i < len && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    if (i >= len || !is_digit(s[i])) return NumberStatus::NotANumber;
    int32_t exponent = 0;
    for (; i < len && is_digit(s[i]); i++)
      if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
    point_shift += exp_negative ? -exponent : exponent;
  }
  if (i != len) return NumberStatus::NotANumber;

  // Scale to the requested decimals.
  int32_t shift = point_shift + decimals;
  if (mantissa == 0) shift = 0;
  while (shift > 0) {
    if (mantissa > (kLimit - 1) / 10) return NumberStatus::TooLarge;
    mantissa *= 10;
    shift--;
  }
  if (shift < -19) {  // every kept digit is below the last place
    lost_nonzero = lost_nonzero || mantissa != 0;
    mantissa = 0;
    shift = 0;
  }
  while (shift < 0) {
    // Half up: the last digit removed is the most significant one dropped.
    const uint64_t digit = mantissa % 10;
    if (digit) lost_nonzero = true;
    round_up = digit >= 5;
    mantissa /= 10;
    shift++;
  }
  if (round_up) mantissa++;
  if (mantissa >= kLimit) return NumberStatus::TooLarge;
  out.units = mantissa;
  out.exact = !lost_nonzero;
  if (mantissa == 0) out.negative = false;  // "-0.0" is zero
  return NumberStatus::Ok;
}

char* put_scaled(char* out, const char* end, uint64_t units, uint8_t decimals) {
  if (!out) return nullptr;
  char digits[24];
  uint8_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + units % 10);
    units /= 10;
  } while (units || n <= decimals);  // at least one digit before the point
  if (end - out < n + (decimals ? 1 : 0)) return nullptr;
  while (n) {
    if (n == decimals) *out++ = '.';
    *out++ = digits[--n];
  }
  return out;
}

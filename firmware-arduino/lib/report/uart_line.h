// The UNO -> ESP32 line: one JSON object and "\n", once a second, 9600 baud. Key order and decimals
// are the canonical encoding of libs/contracts/fixtures/README.md; `Voltage` and `Current` keep the
// seed's names so old receivers still work, and Current is in amperes. The first key, `boot`, is the
// UNO's boot number (lib/boot): `energy_wh` counts from 0 again in each boot.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "../power/power_measurement.h"

// Longest possible line: every field at its widest, plus "\n". Sizes the buffers on both boards.
// The calibration build adds its own keys (lib/report/calibration_fields.h).
#ifdef CALIBRATION_MODE
static const size_t kUartLineMax = 256;
#else
static const size_t kUartLineMax = 160;
#endif

struct EnergyTotal {
  uint32_t whole_wh;
  uint16_t frac_mwh;  // 0..999
};

// Writes the line including the trailing "\n" (no NUL). Returns its length, 0 if cap is too small.
size_t encode_uart_line(char* out, size_t cap, uint32_t boot, const PowerReading& reading, const EnergyTotal& energy);

// The calibration build's extra keys, after energy_wh: what PhaseCalibrator measured so far.
//   "cal_periods":N         report periods averaged (wait for 30 or more)
//   "cal_offset_deg":D      how far the current samples lead the voltage samples, mains degrees
//   "cal_error_deg":E       phase error left with the PHASE_CAL this build runs with (0 = calibrated)
//   "cal_phase_cal":A       the PHASE_CAL to build with
//   "cal_pf":F              power factor with this build's PHASE_CAL, 5 decimals, not clamped
// The ESP32 refuses these lines (unknown keys): read them on the UNO's USB port.
#pragma once
#include <stddef.h>

#include "../power/phase_calibration.h"

// line holds an encoded UART line of len bytes ending in "}\n"; inserts the keys before the "}".
// Returns the new length, or 0 if it would not fit cap.
size_t append_calibration_fields(char* line, size_t len, size_t cap, const PhaseCalibrator& cal);

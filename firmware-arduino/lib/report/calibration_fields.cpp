#include "calibration_fields.h"

#include "fixed_decimal.h"

size_t append_calibration_fields(char* line, size_t len, size_t cap, const PhaseCalibrator& cal) {
  if (len < 2 || line[len - 2] != '}' || line[len - 1] != '\n') return 0;
  const char* end = line + cap;
  char* p = line + len - 2;
  p = put_text(p, end, ",\"cal_periods\":");
  p = put_uint(p, end, cal.periods());
  p = put_text(p, end, ",\"cal_offset_deg\":");
  p = put_fixed(p, end, cal.offset_deg(), 3);
  p = put_text(p, end, ",\"cal_error_deg\":");
  p = put_fixed(p, end, cal.error_deg(), 3);
  p = put_text(p, end, ",\"cal_phase_cal\":");
  p = put_fixed(p, end, cal.suggested_phase_cal(), 4);
  p = put_text(p, end, ",\"cal_pf\":");
  p = put_fixed(p, end, cal.power_factor(), 5);
  p = put_text(p, end, "}\n");
  return p ? static_cast<size_t>(p - line) : 0;
}

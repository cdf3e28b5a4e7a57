#include "meter.h"

#ifdef CALIBRATION_MODE
#include "../report/calibration_fields.h"
#endif

Meter::Meter(SampleSource& voltage, SampleSource& current, ByteSink& uart, const MeterConfig& config)
    : voltage_(voltage),
      current_(current),
      uart_(uart),
      config_(config),
      accumulator_(config.phase_cal)
#ifdef CALIBRATION_MODE
      ,
      phase_calibrator_(config.phase_cal)
#endif
{
}

void Meter::poll(uint32_t now_ms) {
  if (!started_) {
    started_ = true;
    last_report_ms_ = now_ms;
  }
  // Voltage first, current right after: PHASE_CAL corrects for exactly this order.
  const int v = voltage_.read();
  const int i = current_.read();
  accumulator_.add(v, i);

  // Unsigned subtraction survives millis() wrapping after 49.7 days.
  if (now_ms - last_report_ms_ >= config_.report_interval_ms) report(now_ms);
  spool_.drain(uart_);
}

void Meter::report(uint32_t now_ms) {
  // Sampling stops while this runs (float maths and formatting, then the first 63 bytes into the
  // UART buffer): the cycle it falls in is left out.
  accumulator_.mark_gap();
  const uint32_t elapsed_ms = now_ms - last_report_ms_;
  last_report_ms_ = now_ms;
  const PeriodSums sums = accumulator_.take_period();
  last_reading_ = compute_power(sums, config_.calibration);
  // The whole interval is billed at the power of the cycles measured in it: the cycles cover the
  // interval up to the partial one carried over, which the next interval bills.
  energy_.add(last_reading_.power_w, elapsed_ms);

  char line[kUartLineMax];
  const EnergyTotal total = {energy_.whole_wh(), energy_.frac_mwh()};
  size_t len = encode_uart_line(line, sizeof line, boot_, last_reading_, total);
#ifdef CALIBRATION_MODE
  phase_calibrator_.add(sums);
  if (len) len = append_calibration_fields(line, len, sizeof line, phase_calibrator_);
#endif
  if (len == 0 || !spool_.start(line, len)) lines_skipped_++;
}

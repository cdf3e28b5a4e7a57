// The UNO's whole job, without Arduino.h: sample V and I interleaved on every poll, and once a
// second turn the whole cycles gathered into a reading, add it to the energy counter and queue one
// UART line. poll() never waits, so sampling never pauses for the serial port.
#pragma once
#include <stdint.h>

#include "../power/energy_counter.h"
#include "../power/phase_calibration.h"
#include "../power/power_measurement.h"
#include "../power/rms_accumulator.h"
#include "../report/line_spool.h"

// One ADC channel (on the UNO: analogRead(pin)).
struct SampleSource {
  virtual int read() = 0;
};

struct MeterConfig {
  MeterCalibration calibration;
  float phase_cal;
  uint32_t report_interval_ms;
};

class Meter {
 public:
  Meter(SampleSource& voltage, SampleSource& current, ByteSink& uart, const MeterConfig& config);

  // This power-up's boot number (lib/boot), sent as "boot" in every line. Call before poll().
  void set_boot(uint32_t boot) { boot_ = boot; }
  void poll(uint32_t now_ms);

  const PowerReading& last_reading() const { return last_reading_; }
  const EnergyCounter& energy() const { return energy_; }
  uint32_t lines_skipped() const { return lines_skipped_; }

 private:
  void report(uint32_t now_ms);

  SampleSource& voltage_;
  SampleSource& current_;
  ByteSink& uart_;
  MeterConfig config_;
  RmsAccumulator accumulator_;
#ifdef CALIBRATION_MODE
  PhaseCalibrator phase_calibrator_;  // docs/calibration.md: the phase step
#endif
  EnergyCounter energy_;
  LineSpool spool_;
  PowerReading last_reading_;
  uint32_t boot_ = 0;
  bool started_ = false;
  uint32_t last_report_ms_ = 0;
  uint32_t lines_skipped_ = 0;  // a line still draining when the next is due (never at 9600 baud)
};

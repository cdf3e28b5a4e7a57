// The load profile and sensor front end of firmware-arduino/sim (waveform.ts, load-profile.ts,
// sensor-model.ts, adc-front-end.ts) for the host meter: the same sinusoids, bias, scale, phase
// error and ADC transfer, so the host meter and the UNO in avr8js see the same pins. The noise is
// Gaussian with the same sigma, from another generator (std::mt19937).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace host {

struct Tone {
  double amplitude;
  double omega;
  double phase;
};

struct Step {
  double at_ms;  // -inf: from the beginning
  double hz = 50;
  std::vector<Tone> voltage;
  std::vector<Tone> current;
};

struct Sensors {
  double volts_per_pin_volt = 184;
  double amps_per_pin_volt = 1000.0 / 185;
  double supply_v = 5;
  double voltage_bias_v = 2.5;
  double current_bias_v = 2.5;
  double voltage_lead_deg = 0;
  double current_lead_deg = 0;
  double noise_counts = 0;
};

struct Harmonic {
  double order;
  double ratio;
  double phase_deg;
};

// The tones of one steady state, as waveform.ts builds them.
Step make_step(double at_ms, bool off, double vrms, double irms, double hz, double lag_deg,
               const std::vector<Harmonic>& voltage_harmonics, const std::vector<Harmonic>& current_harmonics);

class FrontEnd {
 public:
  FrontEnd(std::vector<Step> steps, Sensors sensors, uint32_t seed, double origin_ms);
  int voltage_counts(double ms);
  int current_counts(double ms);

 private:
  const Step* step_at(double ms);
  int counts(double pin_v);

  std::vector<Step> steps_;
  Sensors sensors_;
  double origin_ms_;
  size_t last_ = 0;
  std::mt19937 rng_;
  std::normal_distribution<double> gauss_{0.0, 1.0};
};

}  // namespace host

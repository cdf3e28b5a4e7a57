#include "waveform.h"

#include <cmath>

namespace host {
namespace {
const double kDeg = M_PI / 180.0;

double sum(const std::vector<Tone>& tones, double t) {
  double s = 0;
  for (const Tone& tone : tones) s += tone.amplitude * std::sin(tone.omega * t + tone.phase);
  return s;
}
}  // namespace

Step make_step(double at_ms, bool off, double vrms, double irms, double hz, double lag_deg,
               const std::vector<Harmonic>& voltage_harmonics, const std::vector<Harmonic>& current_harmonics) {
  Step s;
  s.at_ms = at_ms;
  s.hz = hz;
  if (off) return s;
  const double w = 2 * M_PI * hz;
  const double lag = lag_deg * kDeg;
  auto add = [](std::vector<Tone>& to, double amplitude, double omega, double phase) {
    if (amplitude != 0) to.push_back(Tone{amplitude, omega, phase});
  };
  add(s.voltage, M_SQRT2 * vrms, w, 0);
  for (const Harmonic& h : voltage_harmonics) add(s.voltage, M_SQRT2 * vrms * h.ratio, h.order * w, h.phase_deg * kDeg);
  add(s.current, M_SQRT2 * irms, w, -lag);
  for (const Harmonic& h : current_harmonics) add(s.current, M_SQRT2 * irms * h.ratio, h.order * w, -h.order * lag + h.phase_deg * kDeg);
  return s;
}

FrontEnd::FrontEnd(std::vector<Step> steps, Sensors sensors, uint32_t seed, double origin_ms)
    : steps_(std::move(steps)), sensors_(sensors), origin_ms_(origin_ms), rng_(seed) {}

const Step* FrontEnd::step_at(double ms) {
  if (steps_.empty() || ms < steps_[0].at_ms) return nullptr;  // before the first step: mains off
  if (last_ >= steps_.size() || steps_[last_].at_ms > ms) last_ = 0;
  while (last_ + 1 < steps_.size() && steps_[last_ + 1].at_ms <= ms) last_++;
  return &steps_[last_];
}

int FrontEnd::counts(double pin_v) {
  const double noise = sensors_.noise_counts > 0 ? sensors_.noise_counts * gauss_(rng_) : 0;
  const double c = std::floor(pin_v / sensors_.supply_v * 1024.0 + noise);
  return c < 0 ? 0 : c > 1023 ? 1023 : static_cast<int>(c);
}

int FrontEnd::voltage_counts(double ms) {
  const Step* s = step_at(ms);
  double v = 0;
  if (s) v = sum(s->voltage, (ms - origin_ms_) / 1000.0 + sensors_.voltage_lead_deg / (360.0 * s->hz));
  return counts(sensors_.voltage_bias_v + v / sensors_.volts_per_pin_volt);
}

int FrontEnd::current_counts(double ms) {
  const Step* s = step_at(ms);
  double i = 0;
  if (s) i = sum(s->current, (ms - origin_ms_) / 1000.0 + sensors_.current_lead_deg / (360.0 * s->hz));
  return counts(sensors_.current_bias_v + i / sensors_.amps_per_pin_volt);
}

}  // namespace host

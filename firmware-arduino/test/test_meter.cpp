// The whole UNO loop on the host: fake ADC channels driven by a simulated clock, a fake UART.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "meter.h"
#include "support/contract_fixtures.h"
#include "support/synthetic_mains.h"

namespace {
struct Clocked {
  MainsSignal signal;
  double t = 0;
  std::mt19937 rng{1};
};
struct VoltageChannel : SampleSource {
  Clocked& c;
  explicit VoltageChannel(Clocked& clock) : c(clock) {}
  int read() override { return c.signal.v_at(c.t); }
};
struct CurrentChannel : SampleSource {
  Clocked& c;
  explicit CurrentChannel(Clocked& clock) : c(clock) {}
  int read() override { return c.signal.i_at(c.t + c.signal.i_after_v_s, c.rng); }
};
struct Uart : ByteSink {
  std::string wire;
  size_t room() override { return 64; }
  void write(const char* data, size_t len) override { wire.append(data, len); }
};

std::vector<std::string> lines_of(const std::string& wire) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = wire.find('\n', start)) != std::string::npos; start = nl + 1) out.push_back(wire.substr(start, nl - start));
  return out;
}
}  // namespace

TEST_CASE("one line per second, with real power and an energy counter that integrates it") {
  Clocked clock;
  clock.signal.irms_a = 4.0;
  clock.signal.current_lag_deg = 25.84;  // PF 0.9
  VoltageChannel v(clock);
  CurrentChannel i(clock);
  Uart uart;
  const MeterConfig config = {test_calibration(clock.signal), static_cast<float>(clock.signal.ideal_phase_cal()), 1000};
  Meter meter(v, i, uart, config);
  meter.set_boot(7);

  const double run_s = 10.5;
  for (; clock.t < run_s; clock.t += clock.signal.pair_period_s) meter.poll(static_cast<uint32_t>(clock.t * 1000.0));

  const std::vector<std::string> lines = lines_of(uart.wire);
  REQUIRE(lines.size() == 10);
  for (const std::string& line : lines) CHECK(line.rfind("{\"boot\":7,", 0) == 0);
  const fixtures::Json last = fixtures::parse_json(lines.back());
  CHECK(last.get("Voltage")->number == doctest::Approx(230.0).epsilon(0.005));
  CHECK(last.get("Current")->number == doctest::Approx(4.0).epsilon(0.01));
  CHECK(last.get("power_w")->number == doctest::Approx(828.0).epsilon(0.02));
  CHECK(last.get("power_factor")->number == doctest::Approx(0.9).epsilon(0.02));
  // The first second includes the DC trackers settling; the energy is still within 2 %.
  CHECK(last.get("energy_wh")->number == doctest::Approx(828.0 * 10 / 3600).epsilon(0.02));
  CHECK(meter.lines_skipped() == 0);
}

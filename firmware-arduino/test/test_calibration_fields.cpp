// The calibration build's line: the normal keys, then what the phase calibration measured.
#include <doctest/doctest.h>

#include <string>

#include "calibration_fields.h"
#include "support/contract_fixtures.h"
#include "support/synthetic_mains.h"
#include "uart_line.h"

TEST_CASE("the calibration keys follow energy_wh, with 5 decimals of power factor; a short buffer is refused") {
  MainsSignal s;
  s.freq_hz = 50.03;
  s.noise_counts = 1.0;
  s.pair_period_s = 500e-6;
  s.i_after_v_s = 107.5e-6;
  std::mt19937 rng(4);
  RmsAccumulator acc(1.215f);
  PhaseCalibrator cal(1.215f, 1);
  double t = 0;
  for (int n = 0; n < 4; ++n) {
    t = feed(acc, s, t, 1.0, rng);
    cal.add(acc.take_period());
  }

  char line[256];
  PowerReading r;
  r.vrms_v = 230;
  size_t len = encode_uart_line(line, sizeof line, 3, r, EnergyTotal{1, 2});
  len = append_calibration_fields(line, len, sizeof line, cal);
  REQUIRE(len > 0);
  REQUIRE(line[len - 1] == '\n');
  const fixtures::Json json = fixtures::parse_json(std::string(line, len - 1));
  const char* keys[] = {"boot", "Voltage", "Current", "power_w", "apparent_power_va", "power_factor", "energy_wh",
                        "cal_periods", "cal_offset_deg", "cal_error_deg", "cal_phase_cal", "cal_pf"};
  REQUIRE(json.members.size() == sizeof keys / sizeof keys[0]);
  for (size_t k = 0; k < json.members.size(); ++k) CHECK(json.members[k].first == keys[k]);
  CHECK(json.get("cal_periods")->number == 3);
  CHECK(json.get("cal_phase_cal")->number == doctest::Approx(1.215).epsilon(0.003));
  CHECK(json.get("cal_pf")->text.size() == 7);  // "0.99999"
  CHECK(json.get("cal_pf")->number > 0.9999);

  CHECK(append_calibration_fields(line, encode_uart_line(line, 160, 3, r, EnergyTotal{1, 2}), 160, cal) == 0);
  CHECK(append_calibration_fields(line, 0, sizeof line, cal) == 0);
}

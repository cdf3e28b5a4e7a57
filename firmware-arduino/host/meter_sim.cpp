// The UNO meter's lib/ code on the host, sampling the same waveforms as firmware-arduino/sim at the
// UNO's measured timing, for pipeline scenarios hours long (sim/src/host-meter-sim.ts drives it).
//
//   meter_sim --eeprom FILE --boot-ms MS
// stdin, one command a line (numbers as C strtod reads them, "-Infinity" included):
//   sensors VOLTS_PER_PIN_V AMPS_PER_PIN_V SUPPLY_V V_BIAS I_BIAS V_LEAD_DEG I_LEAD_DEG NOISE SEED ORIGIN_MS
//   step AT_MS OFF VRMS IRMS HZ LAG_DEG NV [ORDER RATIO PHASE_DEG]xNV NI [ORDER RATIO PHASE_DEG]xNI
//   run MS          simulate up to virtual MS
// stdout:
//   B BOOT          after the first run's power-up wrote the boot number to FILE
//   L MS LINE       a UART line whose last byte finished at virtual MS
//   R MS            done up to MS
// EOF on stdin ends it. Killing it is a power cut: lines not yet finished are lost.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "boot_counter.h"
#include "calibration.h"
#include "meter.h"
#include "uno_timing.h"
#include "waveform.h"

namespace {

// The UNO's 1 KiB EEPROM in a file, written back after each change.
struct FileEeprom : ByteStore {
  std::string path;
  uint8_t bytes[1024];
  int changed = 0;
  explicit FileEeprom(const std::string& p) : path(p) {
    std::memset(bytes, 0xFF, sizeof bytes);
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
      const size_t n = std::fread(bytes, 1, sizeof bytes, f);
      (void)n;
      std::fclose(f);
    }
  }
  uint8_t read(uint16_t addr) override { return bytes[addr]; }
  void write(uint16_t addr, uint8_t value) override {
    if (bytes[addr] == value) return;  // eeprom_update_byte
    bytes[addr] = value;
    changed++;
  }
  void save() {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(bytes, 1, sizeof bytes, f) != sizeof bytes) {
      std::perror(path.c_str());
      std::exit(2);
    }
    std::fclose(f);
  }
};

struct Clock {
  double boot_ms = 0;
  double now_us = 0;  // since power-up
  double ms(double us) const { return boot_ms + us / 1000.0; }
};

// Arduino's millis(): Timer0 overflows every 1024 us and adds 1 ms, plus 1 more whenever the
// 3/125-ms fractions add up.
uint32_t arduino_millis(double us) {
  if (us < host::kTimer0StartUs) return 0;
  const uint64_t overflows = static_cast<uint64_t>((us - host::kTimer0StartUs) / 1024.0);
  return static_cast<uint32_t>(overflows + overflows * 3 / 125);
}

struct Pin : SampleSource {
  host::FrontEnd& front_end;
  Clock& clock;
  bool voltage;
  Pin(host::FrontEnd& f, Clock& c, bool v) : front_end(f), clock(c), voltage(v) {}
  int read() override {
    const double at_us = clock.now_us + (voltage ? 0.0 : I_AFTER_V_US) + host::kSampleHoldUs;
    return voltage ? front_end.voltage_counts(clock.ms(at_us)) : front_end.current_counts(clock.ms(at_us));
  }
};

// Serial: bytes leave back to back from the moment the report hands the line over.
struct Uart : ByteSink {
  Clock& clock;
  std::string line;
  double first_byte_us = 0;
  bool line_started = false;  // in this poll
  std::deque<std::pair<double, std::string>> pending;  // finish ms, line
  explicit Uart(Clock& c) : clock(c) {}
  size_t room() override { return 64; }
  void write(const char* data, size_t len) override {
    if (line.empty()) {
      line_started = true;
      first_byte_us = clock.now_us + host::kFirstByteUs;
    }
    line.append(data, len);
    const size_t nl = line.find('\n');
    if (nl == std::string::npos) return;
    const double finish_us = first_byte_us + nl * host::kUartByteIntervalUs + host::kUartCharUs;
    pending.emplace_back(clock.ms(finish_us), line.substr(0, nl));
    line.erase(0, nl + 1);
  }
};

double number(std::istringstream& in) {
  std::string word;
  in >> word;
  if (word.empty()) {
    std::fprintf(stderr, "meter_sim: missing number\n");
    std::exit(2);
  }
  return std::strtod(word.c_str(), nullptr);
}

std::vector<host::Harmonic> harmonics(std::istringstream& in) {
  std::vector<host::Harmonic> out;
  const int n = static_cast<int>(number(in));
  for (int k = 0; k < n; ++k) {
    host::Harmonic h;
    h.order = number(in);
    h.ratio = number(in);
    h.phase_deg = number(in);
    out.push_back(h);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string eeprom_path;
  double boot_ms = 0;
  for (int k = 1; k + 1 < argc; k += 2) {
    if (std::strcmp(argv[k], "--eeprom") == 0) eeprom_path = argv[k + 1];
    if (std::strcmp(argv[k], "--boot-ms") == 0) boot_ms = std::strtod(argv[k + 1], nullptr);
  }
  if (eeprom_path.empty()) {
    std::fprintf(stderr, "usage: meter_sim --eeprom FILE --boot-ms MS < commands\n");
    return 2;
  }

  host::Sensors sensors;
  uint32_t seed = 1;
  double origin_ms = 0;
  std::vector<host::Step> steps;
  Clock clock;
  clock.boot_ms = boot_ms;
  host::FrontEnd* front_end = nullptr;
  Pin* voltage = nullptr;
  Pin* current = nullptr;
  Uart uart(clock);
  Meter* meter = nullptr;
  const MeterConfig config = {{VOLTS_PER_COUNT, AMPS_PER_COUNT, IRMS_NOISE_FLOOR_A, VRMS_NOISE_FLOOR_V}, PHASE_CAL, 1000};

  std::string command;
  while (std::getline(std::cin, command)) {
    std::istringstream in(command);
    std::string verb;
    in >> verb;
    if (verb == "sensors") {
      sensors.volts_per_pin_volt = number(in);
      sensors.amps_per_pin_volt = number(in);
      sensors.supply_v = number(in);
      sensors.voltage_bias_v = number(in);
      sensors.current_bias_v = number(in);
      sensors.voltage_lead_deg = number(in);
      sensors.current_lead_deg = number(in);
      sensors.noise_counts = number(in);
      seed = static_cast<uint32_t>(number(in));
      origin_ms = number(in);
    } else if (verb == "step") {
      const double at_ms = number(in);
      const bool off = number(in) != 0;
      const double vrms = number(in), irms = number(in), hz = number(in), lag = number(in);
      const std::vector<host::Harmonic> vh = harmonics(in);
      const std::vector<host::Harmonic> ih = harmonics(in);
      steps.push_back(host::make_step(at_ms, off, vrms, irms, hz, lag, vh, ih));
    } else if (verb == "run") {
      const double until_ms = number(in);
      if (!meter) {
        // Power-up: setup() writes the boot number, then loop() starts sampling.
        front_end = new host::FrontEnd(steps, sensors, seed, origin_ms);
        voltage = new Pin(*front_end, clock, true);
        current = new Pin(*front_end, clock, false);
        meter = new Meter(*voltage, *current, uart, config);
        FileEeprom eeprom(eeprom_path);
        meter->set_boot(advance_boot_counter(eeprom));
        eeprom.save();
        clock.now_us = host::kSetupBaseUs + (eeprom.changed > 1 ? (eeprom.changed - 1) * host::kEepromWriteUs : 0);
        std::printf("B %u\n", static_cast<unsigned>(stored_boot_counter(eeprom)));
      }
      while (clock.ms(clock.now_us) <= until_ms) {
        uart.line_started = false;
        meter->poll(arduino_millis(clock.now_us));
        clock.now_us += uart.line_started ? host::kReportPairUs : PAIR_PERIOD_US;
      }
      while (!uart.pending.empty() && uart.pending.front().first <= until_ms) {
        std::printf("L %.6f %s\n", uart.pending.front().first, uart.pending.front().second.c_str());
        uart.pending.pop_front();
      }
      std::printf("R %.6f\n", until_ms);
      std::fflush(stdout);
    } else if (!verb.empty()) {
      std::fprintf(stderr, "meter_sim: unknown command %s\n", verb.c_str());
      return 2;
    }
  }
  return 0;
}

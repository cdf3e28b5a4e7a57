// Arduino UNO: ZMPT101B on A0 (voltage), ACS712 on A1 (current), JSON lines on the hardware UART at
// 9600 baud to the ESP32 (through a level shifter, see docs/hardware.md). All the logic lives in
// lib/ as plain C++ with host tests; this file only wires the ADC and Serial to it.
#include "calibration.h"
#include "meter.h"

#ifndef VOLTAGE_PIN
#define VOLTAGE_PIN A0
#endif
#ifndef CURRENT_PIN
#define CURRENT_PIN A1
#endif
#ifndef REPORT_INTERVAL_MS
#define REPORT_INTERVAL_MS 1000UL
#endif

// Whole cycles are counted per report: with fewer than ~10 the last partial cycle would matter.
static_assert(REPORT_INTERVAL_MS * MAINS_HZ >= 10000UL, "a report must span at least 10 mains cycles");

struct AnalogPin : SampleSource {
  explicit AnalogPin(uint8_t pin) : pin_(pin) {}
  int read() override { return analogRead(pin_); }
  uint8_t pin_;
};

struct SerialSink : ByteSink {
  size_t room() override { return static_cast<size_t>(Serial.availableForWrite()); }
  void write(const char* data, size_t len) override { Serial.write(reinterpret_cast<const uint8_t*>(data), len); }
};

static AnalogPin voltage_pin(VOLTAGE_PIN);
static AnalogPin current_pin(CURRENT_PIN);
static SerialSink uart;
static const MeterConfig kConfig = {
    {VOLTS_PER_COUNT, AMPS_PER_COUNT, IRMS_NOISE_FLOOR_A, VRMS_NOISE_FLOOR_V},
    PHASE_CAL,
    REPORT_INTERVAL_MS,
};
static Meter meter(voltage_pin, current_pin, uart, kConfig);

void setup() {
  Serial.begin(9600);
}

void loop() {
  meter.poll(millis());
}

// Arduino UNO: ZMPT101B on A0 (voltage), ACS712 on A1 (current), JSON lines on the hardware UART at
// 9600 baud to the ESP32 (through a level shifter, see docs/hardware.md). All the logic lives in
// lib/ as plain C++ with host tests; this file only wires the ADC, the EEPROM and Serial to it.
#include <avr/eeprom.h>

#include "boot_counter.h"
#include "calibration.h"
#include "meter.h"
#include "pair_pacer.h"

#ifndef VOLTAGE_PIN
#define VOLTAGE_PIN A0
#endif
#ifndef CURRENT_PIN
#define CURRENT_PIN A1
#endif
#ifndef BOOT_COUNTER_EEPROM_ADDR
#define BOOT_COUNTER_EEPROM_ADDR 0
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

// The ATmega328P's 1 KiB EEPROM. update (not write) skips cells that already hold the value.
struct Eeprom : ByteStore {
  uint8_t read(uint16_t addr) override { return eeprom_read_byte(reinterpret_cast<const uint8_t*>(addr)); }
  void write(uint16_t addr, uint8_t value) override { eeprom_update_byte(reinterpret_cast<uint8_t*>(addr), value); }
};

struct SerialSink : ByteSink {
  size_t room() override { return static_cast<size_t>(Serial.availableForWrite()); }
  void write(const char* data, size_t len) override { Serial.write(reinterpret_cast<const uint8_t*>(data), len); }
};

// Timer1 free-running at 16 MHz / 64 = 4 us a tick: the pair schedule's clock (nothing else uses
// Timer1). A 500 us pair is exactly 125 ticks.
struct Timer1Ticks : TickSource {
  void begin() {
    TCCR1A = 0;  // normal mode (init() set it up for PWM on pins 9 and 10, which are unused)
    TCCR1B = _BV(CS11) | _BV(CS10);
    TIMSK1 = 0;
  }
  uint16_t ticks() override { return TCNT1; }
};
static const uint16_t kUsPerTick = 4;
static_assert(PAIR_PERIOD_US % kUsPerTick == 0, "the pair period must be whole Timer1 ticks");

static Timer1Ticks timer1;
static PairPacer pacer(timer1, PAIR_PERIOD_US / kUsPerTick);
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
  // Once per power-up, before the first line (~17 ms of EEPROM writes).
  Eeprom eeprom;
  meter.set_boot(advance_boot_counter(eeprom, BOOT_COUNTER_EEPROM_ADDR));
  Serial.begin(9600);
  timer1.begin();
}

void loop() {
  pacer.wait();
  meter.poll(millis());
}

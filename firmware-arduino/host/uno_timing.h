// When things happen on the UNO, for the host meter: measured on the real binary in avr8js
// (sim/test/host-meter.test.ts compares the host meter's lines and their times with UnoSim's and
// fails if these drift). The pair period and the I-after-V delay are calibration.h's.
#pragma once

namespace host {

// init() starts Timer0 (millis()) this long after power-up (the C runtime's start-up before it).
const double kTimer0StartUs = 338.06;

// Power-up to the first voltage conversion: init(), then setup() with its EEPROM writes. Each
// eeprom_update_byte that changes a cell waits for the previous write (3.6 ms in avr8js, 3.4 ms on
// the chip); the last one completes while the sketch runs on.
const double kSetupBaseUs = 520.6;
const double kEepromWriteUs = 3600.0;

// The ADC holds the pin 1.5 ADC clocks (12 us) after a conversion starts.
const double kSampleHoldUs = 12.0;

// The pair that reports: from its voltage conversion to the next pair's (the report's float
// maths and formatting, then the first bytes into the UART) and to the first byte on the wire.
const double kReportPairUs = 3150.0;
const double kFirstByteUs = 2706.0;

// One 8N1 character at 16e6 / (8 * 208) baud, and the interval between bytes avr8js gives (its
// USART has no second buffer: the next byte waits for the UDRE interrupt, ~4 us).
const double kUartCharUs = 1040.0;
const double kUartByteIntervalUs = 1044.16;

}  // namespace host

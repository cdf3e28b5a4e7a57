// Calibration constants for the UNO meter. Every one can be overridden at build time
// (`make size EXTRA_DEFINES='-DVOLTAGE_CAL=190.5 -DACS712_VARIANT_A=20'`, or `build_flags` in
// platformio.ini), so a calibrated board never needs a source edit. docs/calibration.md has the
// step-by-step procedure with a known resistive load.
#pragma once

// Mains frequency. The maths follows the real mains through zero crossings (49.9 Hz or 60.1 Hz
// need no change); this only checks at compile time that a report spans enough whole cycles, and
// sets the host tests' synthetic waves.
#ifndef MAINS_HZ
#define MAINS_HZ 50
#endif

// ADC reference (the UNO's 5 V rail, in mV) and resolution. Measuring the rail instead of trusting
// 5000 mV is the biggest single accuracy gain; put the measured value here.
#ifndef SUPPLY_MV
#define SUPPLY_MV 5000
#endif
#ifndef ADC_BITS
#define ADC_BITS 10
#endif
#define ADC_COUNTS (1L << ADC_BITS)

// ACS712 variant in amperes: 5, 20 or 30. Sensitivity from the Allegro datasheet.
#ifndef ACS712_VARIANT_A
#define ACS712_VARIANT_A 5
#endif
#if ACS712_VARIANT_A == 5
#define ACS712_MV_PER_A 185.0f
#elif ACS712_VARIANT_A == 20
#define ACS712_MV_PER_A 100.0f
#elif ACS712_VARIANT_A == 30
#define ACS712_MV_PER_A 66.0f
#else
#error "ACS712_VARIANT_A must be 5, 20 or 30"
#endif

// CURRENT_CAL: amperes through the sensor per volt at the ADC pin.
//   CURRENT_CAL = 1000 / sensitivity_mV_per_A        (5 A: 5.405, 20 A: 10.0, 30 A: 15.15)
// Trim with a known load: CURRENT_CAL_new = CURRENT_CAL_old * I_reference / I_displayed.
#ifndef CURRENT_CAL
#define CURRENT_CAL (1000.0f / ACS712_MV_PER_A)
#endif

// VOLTAGE_CAL: mains volts per volt at the ADC pin, i.e. the ZMPT101B module's overall ratio, which
// its trimpot sets. Trim the module to about 1.25 V rms at the pin for 230 V mains (1.77 V peak
// around the 2.5 V bias, room for +20 % over-voltage), giving
//   VOLTAGE_CAL = V_mains_rms / V_pin_rms = 230 / 1.25 = 184
// Trim: VOLTAGE_CAL_new = VOLTAGE_CAL_old * V_multimeter / V_displayed.
#ifndef VOLTAGE_CAL
#define VOLTAGE_CAL 184.0f
#endif

// Sampling schedule, measured on the real binary in avr8js (firmware-arduino/sim, checked by
// sim/test/adc-timing.test.ts, which fails if the firmware's timing drifts from these):
//   PAIR_PERIOD_US: one V+I pair starts every 500 us (lib/meter/pair_pacer, Timer1). Unpaced, a
//     pair takes 384-484 us depending on the numbers and interrupts; 500 leaves room for the
//     slowest, so the schedule holds: 2000 pairs/s, 40 per 50 Hz cycle.
//   I_AFTER_V_US: the current conversion starts 107.5 us after the voltage one: one analogRead(),
//     13 ADC clocks of 8 us (prescaler 128) plus 3.5 us of code.
#ifndef PAIR_PERIOD_US
#define PAIR_PERIOD_US 500
#endif
#ifndef I_AFTER_V_US
#define I_AFTER_V_US 107.5f
#endif

// PHASE_CAL: where between the previous (0) and the current (1) voltage sample to interpolate so
// that V lines up in time with the current sample taken after it (EmonLib's PHASECAL):
//   PHASE_CAL = 1 + (I_AFTER_V_US - t_V_lead_us) / PAIR_PERIOD_US
// t_V_lead_us is how far the voltage sensor's output leads the current sensor's, in time:
// phase_lead_deg / (360 * MAINS_HZ) s. A voltage sensor that leads (a ZMPT101B typically does, by
// a few degrees) has already shown what the mains does a little later, so its samples must be
// taken as earlier ones: a value BELOW the no-lead one. 3 degrees at 50 Hz is 167 us: 1.215 ->
// 0.882. The default assumes ideal sensors: 1 + 107.5 / 500 = 1.215. docs/calibration.md has a
// procedure that measures the lead on a resistive load (CALIBRATION_MODE) and prints the value.
#ifndef PHASE_CAL
#define PHASE_CAL (1.0f + I_AFTER_V_US / PAIR_PERIOD_US)
#endif

// Noise floor: below it an idle circuit reads exactly 0 A and 0 W instead of sensor noise.
// Default: 3 ADC counts of current, IRMS_NOISE_FLOOR_A = 3 * CURRENT_CAL * SUPPLY_V / ADC_COUNTS
// (5 A: 0.079 A, 20 A: 0.146 A, 30 A: 0.222 A). Set it to 1.5x what an idle line reads.
#ifndef IRMS_NOISE_FLOOR_A
#define IRMS_NOISE_FLOOR_A (3.0f * CURRENT_CAL * (SUPPLY_MV / 1000.0f) / ADC_COUNTS)
#endif
// Below this the ZMPT101B is unplugged or the mains is off.
#ifndef VRMS_NOISE_FLOOR_V
#define VRMS_NOISE_FLOOR_V 20.0f
#endif

// Volts and amperes per ADC count, as used by the maths.
#define VOLTS_PER_COUNT (VOLTAGE_CAL * (SUPPLY_MV / 1000.0f) / ADC_COUNTS)
#define AMPS_PER_COUNT (CURRENT_CAL * (SUPPLY_MV / 1000.0f) / ADC_COUNTS)

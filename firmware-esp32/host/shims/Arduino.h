// Host shim of the Arduino-ESP32 core 3.x API the sketch uses, for building
// src/energy_bridge.ino with g++ on the host (firmware-esp32/host/README.md). Time is the twin's
// virtual clock: millis() counts virtual ms since this process started.
#pragma once
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "Esp.h"
#include "HardwareSerial.h"
#include "Print.h"
#include "Stream.h"
#include "WString.h"

typedef bool boolean;
typedef uint8_t byte;

#define HIGH 0x1
#define LOW 0x0
#define INPUT 0x01
#define OUTPUT 0x03
#define INPUT_PULLUP 0x05

unsigned long millis();
unsigned long micros();
void delay(uint32_t ms);
void delayMicroseconds(uint32_t us);
void yield();
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t val);
int digitalRead(uint8_t pin);

// esp32-hal-time: SNTP; the host's clock is the twin's virtual UTC once Wi-Fi is up.
void configTime(long gmtOffset_sec, int daylightOffset_sec, const char* server1, const char* server2 = nullptr,
                const char* server3 = nullptr);
bool getLocalTime(struct tm* info, uint32_t ms = 5000);

// ESP-IDF's newlib has these; glibc before 2.38 does not.
#if defined(__GLIBC__) && (__GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 38))
size_t strlcpy(char* dst, const char* src, size_t size);
size_t strlcat(char* dst, const char* src, size_t size);
#endif

void setup();
void loop();

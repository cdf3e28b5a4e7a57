// Host shim of Arduino-ESP32 core 3.x HardwareSerial. Serial (UART0, the USB console) writes to
// stdout; Serial2 reads the UNO's bytes from stdin, non-blocking (host/README.md).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "Stream.h"

#define SERIAL_8N1 0x800001c
#define SERIAL_8N2 0x800003c
#define SERIAL_8E1 0x800001e
#define SERIAL_8O1 0x800001f

class HardwareSerial : public Stream {
 public:
  explicit HardwareSerial(int uart_nr) : uart_nr_(uart_nr) {}
  void begin(unsigned long baud, uint32_t config = SERIAL_8N1, int8_t rxPin = -1, int8_t txPin = -1, bool invert = false,
             unsigned long timeout_ms = 20000UL, uint8_t rxfifo_full_thrhd = 120);
  void end();
  // Before begin(); returns the size set, 0 if refused (after begin, or below the FIFO's 128 bytes).
  size_t setRxBufferSize(size_t new_size);
  size_t setTxBufferSize(size_t new_size);
  int available() override;
  int read() override;
  int peek() override;
  size_t read(uint8_t* buffer, size_t size);
  size_t write(uint8_t c) override;
  size_t write(const uint8_t* buffer, size_t size) override;
  using Print::write;
  void flush() override;
  operator bool() const { return begun_; }

  // Host only: bytes read() has handed out since boot (the twin's hold-up point).
  uint64_t host_consumed() const { return consumed_; }

 private:
  void fill();

  int uart_nr_;
  bool begun_ = false;
  size_t rx_buffer_size_ = 256;  // the core's default
  uint8_t* rx_ = nullptr;
  size_t rx_head_ = 0, rx_count_ = 0;
  uint64_t consumed_ = 0;
  bool input_closed_ = false;
};

extern HardwareSerial Serial;
extern HardwareSerial Serial1;
extern HardwareSerial Serial2;

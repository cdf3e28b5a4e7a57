// Readings that have no seq yet, oldest first: they wait here while no seq reservation can be
// stored (NVS refuses it, and LittleFS is missing or refuses it too: SeqAllocator), and get their
// seqs in arrival order once one succeeds. Full: the
// oldest is dropped and counted (the next reading's energy counters still include its energy).
#pragma once
#include <stdint.h>

#include "measurement.h"

class MeasurementQueue {
 public:
  void attach(Measurement* storage, uint32_t capacity);
  void push(const Measurement& m);
  const Measurement& front() const { return slots_[head_]; }
  void pop();
  bool empty() const { return count_ == 0; }
  uint32_t size() const { return count_; }
  uint32_t capacity() const { return capacity_; }
  uint32_t dropped() const { return dropped_; }

 private:
  Measurement* slots_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t head_ = 0;
  uint32_t count_ = 0;
  uint32_t dropped_ = 0;
};

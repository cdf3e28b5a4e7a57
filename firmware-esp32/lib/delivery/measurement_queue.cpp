#include "measurement_queue.h"

void MeasurementQueue::attach(Measurement* storage, uint32_t capacity) {
  slots_ = storage;
  capacity_ = storage ? capacity : 0;
  head_ = count_ = 0;
}

void MeasurementQueue::push(const Measurement& m) {
  if (capacity_ == 0) {
    dropped_++;
    return;
  }
  if (count_ == capacity_) {
    pop();
    dropped_++;
  }
  slots_[(head_ + count_) % capacity_] = m;
  count_++;
}

void MeasurementQueue::pop() {
  if (count_ == 0) return;
  head_ = (head_ + 1) % capacity_;
  count_--;
}

// Backoff timing, and the non-blocking Wi-Fi/MQTT state machine that uses it.
#include <doctest/doctest.h>

#include "backoff.h"
#include "connection.h"
#include "fakes.h"

TEST_CASE("backoff doubles up to the cap, each wait within [d/2, d]") {
  FakeRandom rnd;
  Backoff b(1000, 60000, rnd);
  const uint32_t ceilings[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
  for (uint32_t ceiling : ceilings) {
    const uint32_t d = b.next_delay_ms();
    CAPTURE(ceiling);
    CHECK(d >= ceiling / 2);
    CHECK(d <= ceiling);
  }
  b.reset();
  const uint32_t after_reset = b.next_delay_ms();
  CHECK(after_reset >= 500);
  CHECK(after_reset <= 1000);
}

TEST_CASE("backoff jitter: the random source sets where in [d/2, d] the wait lands") {
  FakeRandom low, high;
  low.fixed = high.fixed = true;
  low.fixed_value = 0;
  high.fixed_value = 0xFFFFFFFFu;
  Backoff a(1000, 60000, low), b(1000, 60000, high);
  a.next_delay_ms();
  b.next_delay_ms();
  CHECK(a.next_delay_ms() == 1000);  // second attempt: d = 2000, lowest wait d/2
  CHECK(b.next_delay_ms() != 1000);
  FakeRandom spread;
  Backoff c(1000, 60000, spread);
  uint32_t min = 1u << 31, max = 0;
  for (int i = 0; i < 200; ++i) {
    c.reset();
    const uint32_t d = c.next_delay_ms();
    min = d < min ? d : min;
    max = d > max ? d : max;
  }
  CHECK(max - min > 300);  // a fleet does not retry in lockstep
}

TEST_CASE("connection: MQTT retries back off while the broker is down, never more than one attempt per tick") {
  FakeNetwork net;
  FakeMqtt mqtt;
  FakeRandom rnd;
  rnd.fixed = true;  // fixed_value 0: every wait is the lower bound d/2
  Connection c(net, mqtt, rnd, ConnectionConfig{5000, 120000, 1000, 60000});
  const MqttConnectOptions opts = {"kitchen-1", "kitchen-1", "s3cret", "energy/kitchen-1/status", "offline"};
  mqtt.broker_up = false;
  std::vector<uint32_t> attempts_at;
  for (uint32_t t = 0; t < 40000; t += 100) {
    const int before = mqtt.connects;
    c.tick(t, opts);
    if (mqtt.connects != before) attempts_at.push_back(t);
  }
  // 0, then waits of 0.5, 1, 2, 4, 8, 16 s
  CHECK(attempts_at == std::vector<uint32_t>{0, 500, 1500, 3500, 7500, 15500, 31500});
  mqtt.broker_up = true;
  ConnectionEvent e = ConnectionEvent::None;
  uint32_t t = 40000;
  for (; t < 120000 && e != ConnectionEvent::Connected; t += 100) e = c.tick(t, opts);
  CHECK(e == ConnectionEvent::Connected);
  CHECK(t - 100 == 61500);  // the capped wait: 60 s / 2 after the attempt at 31.5 s
  CHECK(std::string(mqtt.last_options.password) == "s3cret");
  CHECK(std::string(mqtt.will_payload) == "offline");

  mqtt.drop_connection();
  CHECK(c.tick(t, opts) == ConnectionEvent::Disconnected);
  CHECK(c.tick(t + 499, opts) == ConnectionEvent::None);   // the backoff started over
  CHECK(c.tick(t + 500, opts) == ConnectionEvent::Connected);
}

TEST_CASE("connection: Wi-Fi loss drops MQTT and restarts Wi-Fi with backoff") {
  FakeNetwork net;
  FakeMqtt mqtt;
  FakeRandom rnd;
  rnd.fixed = true;
  Connection c(net, mqtt, rnd, ConnectionConfig{5000, 120000, 1000, 60000});
  const MqttConnectOptions opts = {"a", "a", "p", "energy/a/status", "offline"};
  CHECK(c.tick(0, opts) == ConnectionEvent::Connected);
  net.is_up = false;
  mqtt.drop_connection();
  CHECK(c.tick(100, opts) == ConnectionEvent::Disconnected);
  CHECK(net.restarts == 1);
  for (uint32_t t = 200; t < 16000; t += 100) c.tick(t, opts);
  CHECK(net.restarts == 3);  // at 0.1 s, then after 2.5 s and 5 s: 2.6 s, 7.6 s (next: 17.6 s)
}

// Exact decimal parsing and the strict flat-object reader.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "decimal.h"
#include "json_object.h"

namespace {
ScaledNumber parse(const std::string& text, uint8_t decimals, NumberStatus expect = NumberStatus::Ok) {
  ScaledNumber n;
  CHECK(parse_scaled(text.data(), text.size(), decimals, n) == expect);
  return n;
}
std::string scaled(uint64_t units, uint8_t decimals) {
  char buf[32];
  char* end = put_scaled(buf, buf + sizeof buf, units, decimals);
  REQUIRE(end);
  return std::string(buf, end);
}
}  // namespace

TEST_CASE("decimal text becomes exact fixed-point units") {
  CHECK(parse("229.87", 2).units == 22987);
  CHECK(parse("1.423", 3).units == 1423);
  CHECK(parse("0", 3).units == 0);
  CHECK(parse("227.5", 2).units == 22750);
  CHECK(parse("1234.567", 3).units == 1234567);
  CHECK(parse("4294967295", 0).units == 4294967295ULL);
  CHECK(parse("1764223200123", 0).units == 1764223200123ULL);
  CHECK(parse("2.3e2", 2).units == 23000);
  CHECK(parse("1.0", 0).exact);
  CHECK_FALSE(parse("1.5", 0).exact);
  CHECK(parse("0.0005", 3).units == 1);   // half up
  CHECK(parse("0.00049", 3).units == 0);
  CHECK(parse("-1.2", 3).negative);
  CHECK_FALSE(parse("-0.0", 1).negative);
  CHECK(parse("1e-400", 3).units == 0);
  parse("1e400", 2, NumberStatus::TooLarge);
  for (const char* bad : {"", "-", "01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "1x", "--1", "0x10"}) {
    CAPTURE(bad);
    parse(bad, 2, NumberStatus::NotANumber);
  }
}

TEST_CASE("fixed-point units print with exactly the given decimals") {
  CHECK(scaled(22987, 2) == "229.87");
  CHECK(scaled(0, 3) == "0.000");
  CHECK(scaled(7, 3) == "0.007");
  CHECK(scaled(4294967295ULL, 0) == "4294967295");
  char tiny[3];
  CHECK(put_scaled(tiny, tiny + sizeof tiny, 22987, 2) == nullptr);
}

TEST_CASE("the object reader walks members and refuses what JSON.parse refuses") {
  const std::string ok = R"( {"a":1.5, "b":"x\"y", "c":{"d":[1,{"e":"}"}]}, "f":true, "g":null} )";
  JsonObjectReader r(ok.data(), ok.size());
  JsonMember m;
  std::string keys;
  while (r.next(m)) keys += std::string(m.key, m.key_len) + ";";
  CHECK_FALSE(r.error());
  CHECK(keys == "a;b;c;f;g;");

  for (const char* bad : {"", "[]", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":1}x", "{\"a\" 1}", "{\"a\":\"\x01\"}",
                          "{\"a\":tru}", "{\"a\":\"\\q\"}"}) {
    CAPTURE(bad);
    JsonObjectReader b(bad, std::strlen(bad));
    while (b.next(m)) {
    }
    CHECK(b.error());
  }
}

TEST_CASE("JSON strings decode escapes and count UTF-16 units like JavaScript") {
  char out[64];
  size_t units = 0;
  const std::string raw = R"(a\"b\\c\u00e9\ud83d\ude00)";
  const int n = json_decode_string(raw.data(), raw.size(), out, sizeof out, &units);
  REQUIRE(n > 0);
  CHECK(std::string(out, n) == "a\"b\\c\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(units == 8);  // a " b \ c é + a surrogate pair
  const std::string lone = R"(\ud83d)";
  CHECK(json_decode_string(lone.data(), lone.size(), out, sizeof out) < 0);
  CHECK(json_decode_string("abcdef", 6, out, 4) < 0);  // does not fit

  char esc[32];
  char* end = json_put_escaped(esc, esc + sizeof esc, "q\"\\\n");
  REQUIRE(end);
  CHECK(std::string(esc, end) == "q\\\"\\\\\\u000a");
}

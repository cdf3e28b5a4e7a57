// put_text and put_uint, which both firmwares' encoders chain: each suite (UNO, ESP32) runs this file.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "text_writer.h"

TEST_CASE("put_text and put_uint chain into a buffer and return its new end") {
  char buf[32];
  char* p = put_text(buf, buf + sizeof buf, "{\"seq\":");
  p = put_uint(p, buf + sizeof buf, 4294967295u);
  p = put_text(p, buf + sizeof buf, "}");
  REQUIRE(p != nullptr);
  CHECK(std::string(buf, p) == "{\"seq\":4294967295}");
  char zero[1];
  CHECK(put_uint(zero, zero + 1, 0) == zero + 1);
  CHECK(zero[0] == '0');
}

TEST_CASE("a write that does not fit returns nullptr, and a nullptr is passed on") {
  char buf[4];
  std::memset(buf, 'x', sizeof buf);
  CHECK(put_text(buf, buf + sizeof buf, "hello") == nullptr);
  CHECK(put_uint(buf, buf + sizeof buf, 12345) == nullptr);
  CHECK(buf[0] == 'h');  // put_text copies up to the end, then refuses
  CHECK(put_text(nullptr, buf + sizeof buf, "a") == nullptr);
  CHECK(put_uint(nullptr, buf + sizeof buf, 1) == nullptr);
  CHECK(put_uint(buf, buf + sizeof buf, 1234) == buf + 4);  // exactly fits
}

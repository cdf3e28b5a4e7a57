// The UART reader fed garbage: it drops the bad line, counts it, and resynchronises.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "reading_codec.h"
#include "support/contract_fixtures.h"
#include "uart_line_reader.h"

namespace {
std::vector<std::string> feed(UartLineReader& r, const std::string& bytes) {
  std::vector<std::string> lines;
  for (unsigned char b : bytes)
    if (r.push(b)) lines.emplace_back(r.line(), r.length());
  return lines;
}
const std::string kLine = fixtures::read_file("uart/valid/kettle.jsonl");
}  // namespace

TEST_CASE("clean lines, CRLF and empty lines") {
  UartLineReader r;
  const auto lines = feed(r, kLine + "\n" + kLine + "\r\n\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == kLine);
  CHECK(lines[1] == kLine);
  CHECK(r.stats().lines == 2);
}

TEST_CASE("joining mid-line at boot: the fragment is dropped, the next line is whole") {
  UartLineReader r;
  const auto lines = feed(r, kLine.substr(40) + "\n" + kLine + "\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == kLine);
  CHECK(r.stats().truncated == 1);
}

TEST_CASE("a UNO reset mid-line: the partial is dropped at the next '{', the new line survives") {
  UartLineReader r;
  const auto lines = feed(r, kLine.substr(0, 50) + kLine + "\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == kLine);
  CHECK(r.stats().truncated == 1);
}

TEST_CASE("baud noise poisons only its own line") {
  UartLineReader r;
  std::string noisy = kLine;
  noisy[30] = static_cast<char>(0xF3);
  const auto lines = feed(r, noisy + "\n" + kLine + "\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == kLine);
  CHECK(r.stats().garbage == 1);
}

TEST_CASE("an endless line is dropped as overlong; the reader recovers at the next newline") {
  UartLineReader r;
  const auto lines = feed(r, "{" + std::string(1000, 'x') + "\n" + kLine + "\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == kLine);
  CHECK(r.stats().overlong == 1);
}

TEST_CASE("after random garbage every valid line still gets through and parses") {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  UartLineReader r;
  int good = 0;
  for (int round = 0; round < 200; ++round) {
    std::string junk;
    for (int k = 0, n = byte(rng) % 300; k < n; ++k) junk += static_cast<char>(byte(rng));
    // Whatever junk was, a newline ends it, then a full line follows.
    for (const std::string& line : feed(r, junk + "\n" + kLine + "\n")) {
      Measurement m;
      if (line == kLine && parse_uart_line(line.data(), line.size(), m) == ReadingError::None) good++;
    }
  }
  CHECK(good == 200);
  CHECK(r.stats().garbage + r.stats().truncated + r.stats().overlong > 100);
}

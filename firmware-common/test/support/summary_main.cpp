// doctest main that ends with one machine-readable line for CI:
//   <SUITE_NAME>: N passed, M failed
// N and M count test cases; the exit code is non-zero if any failed.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#ifndef SUITE_NAME
#define SUITE_NAME "firmware"
#endif

namespace {
doctest::TestRunStats g_stats;
bool g_have_stats = false;

struct SummaryListener : doctest::IReporter {
  explicit SummaryListener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override {
    g_stats = stats;
    g_have_stats = true;
  }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
}  // namespace

REGISTER_LISTENER("summary", 1, SummaryListener);

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) return rc;
  const unsigned failed = g_have_stats ? g_stats.numTestCasesFailed : 1;
  const unsigned run = g_have_stats ? g_stats.numTestCasesPassingFilters : 0;
  std::fflush(stdout);
  std::printf("%s: %u passed, %u failed\n", SUITE_NAME, run - failed, failed);
  return (rc != 0 || failed != 0) ? 1 : 0;
}

// A system.billing.usage export (CSV text) -> UsageLedger (chargeback/usage_reader.h), priced with
// the embedded price book, on one thread.
#include "chargeback/usage_reader.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dbcost::PriceBook prices = dbcost::PriceBook::builtin();
  dbcost::UsageOptions options;
  options.threads = 1;
  dbcost::fuzz::expect_input_errors(
      [&] { dbcost::read_usage_text(dbcost::fuzz::as_text(data, size), "usage.csv", prices, options); });
  return 0;
}

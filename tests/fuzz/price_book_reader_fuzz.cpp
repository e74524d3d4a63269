// Price CSV text (a system.billing.list_prices export or dbcost's own price book) -> PriceBook
// (pricing/price_book.h); each row read is then looked up again at its start, and its span listed.
#include "fuzz_input.h"
#include "pricing/price_book.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(dbcost::fuzz::as_text(data, size));
  dbcost::fuzz::expect_input_errors([&] {
    const dbcost::PriceBook book = dbcost::PriceBook::from_csv(text, "list_prices.csv");
    std::size_t n = 0;
    for (const auto& row : book.rows()) {
      if (++n > 16) break;
      (void)book.find(row.sku_name, row.cloud, row.usage_unit, row.start, row.region);
      dbcost::fuzz::expect_input_errors([&] {
        const dbcost::UnixSeconds end = row.end == dbcost::kEndOfTime ? row.start + 86400 : row.end;
        if (row.start != dbcost::kBeginningOfTime && row.start < end)
          book.segments(row.sku_name, row.cloud, row.usage_unit, row.start, end, row.region);
      });
    }
    (void)book.sku_names();
  });
  return 0;
}

// Scenario YAML text -> Scenario (workload/scenario_reader.h), with the embedded price book and
// instance catalog; the first variant, when the scenario has one, is read too.
#include "fuzz_input.h"
#include "workload/scenario_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(dbcost::fuzz::as_text(data, size));
  if (dbcost::fuzz::may_name_special_files(text)) return -1;
  dbcost::fuzz::expect_input_errors([&] {
    const dbcost::Scenario base = dbcost::parse_scenario(text, "fuzz.yaml");
    if (!base.variant_names.empty()) dbcost::parse_scenario(text, "fuzz.yaml", base.variant_names.front());
  });
  return 0;
}

// databricks.yml text -> Bundle (bundle/bundle.h), the single-file path: the input is written as
// the only file of a private directory, so `include:` patterns can match nothing but itself.
// BUNDLE_VAR_* variables come from an empty environment, not the process's.
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "bundle/bundle.h"
#include "fuzz_input.h"

namespace {

const std::string& root_file() {
  static const std::string file = [] {
    std::string dir = "/tmp/dbcost-fuzz-bundle-XXXXXX";
    if (!::mkdtemp(dir.data())) std::abort();
    return dir + "/databricks.yml";
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = dbcost::fuzz::as_text(data, size);
  if (dbcost::fuzz::may_name_special_files(text)) return -1;
  {
    std::ofstream out(root_file(), std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) std::abort();
  }
  dbcost::BundleOptions options;
  options.environment.emplace();
  dbcost::fuzz::expect_input_errors([&] { dbcost::load_bundle(root_file(), options); });
  return 0;
}

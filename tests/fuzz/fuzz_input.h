// Shared pieces of the libFuzzer targets in tests/fuzz/.
//
// A reader signals bad input by throwing InputError or ModelError (core/errors.h); the cron parser
// also throws CronParseError. Those are expected outcomes. Anything else escaping a target (another
// exception, a crash, a sanitizer report, a hang, running out of memory) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/errors.h"

namespace dbcost::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs f, swallowing the errors readers document for bad input.
template <class F>
void expect_input_errors(F&& f) {
  try {
    f();
  } catch (const InputError&) {
  } catch (const ModelError&) {
  }
}

// Readers that follow paths found in their input (scenario `pricing:` files, bundle `include:`)
// could be steered to a device or a pipe (/dev/zero, /dev/stdin) and read it forever: not a bug.
// Such inputs are skipped: any parent step, any of the special trees, and any YAML escape that
// could spell one without writing it.
inline bool may_name_special_files(std::string_view text) {
  for (const std::string_view s : {"..", "/dev", "/proc", "/sys", "/run", "/tmp", "/var", "\\x", "\\u", "\\U"})
    if (text.find(s) != std::string_view::npos) return true;
  return false;
}

}  // namespace dbcost::fuzz

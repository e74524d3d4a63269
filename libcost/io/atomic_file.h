// Whole files in and out: read_file (here) and the atomic writers (io/output_file.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "io/output_file.h"

namespace dbcost {

// Files read whole (scenarios, bundles, policies, price and instance catalogs, cluster exports):
// beyond 1 GiB, on disk or decompressed, reading stops with an error instead of exhausting memory.
// Usage exports are streamed and have no such limit.
inline constexpr std::size_t kMaxWholeFileBytes = std::size_t{1} << 30;

// Reads a whole file; a name ending in .gz is decompressed. Throws InputError naming the file, also
// when it holds more than max_bytes.
std::string read_file(const std::string& path, std::size_t max_bytes = kMaxWholeFileBytes);

}  // namespace dbcost

// Output files are written whole or not at all: the content goes to a temporary file in the same
// directory, is flushed and fsync'ed, then renamed over the target. A failure or an interrupt
// before the rename leaves any existing file untouched.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dbcost {

// Throws InputError (the path cannot be written) on failure.
void write_file_atomically(const std::string& path, std::string_view content);
// Installs SIGINT, SIGTERM and SIGHUP handlers that remove a temporary file being written, then
// end the process as the signal would; the file the user already had is never touched.
void remove_partial_files_on_interrupt();

// Files read whole (scenarios, bundles, policies, price and instance catalogs, cluster exports):
// beyond 1 GiB, on disk or decompressed, reading stops with an error instead of exhausting memory.
// Usage exports are streamed and have no such limit.
inline constexpr std::size_t kMaxWholeFileBytes = std::size_t{1} << 30;

// Reads a whole file; a name ending in .gz is decompressed. Throws InputError naming the file, also
// when it holds more than max_bytes.
std::string read_file(const std::string& path, std::size_t max_bytes = kMaxWholeFileBytes);

}  // namespace dbcost

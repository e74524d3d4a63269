// Output files are written whole or not at all: the content goes to a temporary file in the same
// directory, is flushed and fsync'ed, then renamed over the target. A failure or an interrupt
// before the rename leaves any existing file untouched.
#pragma once

#include <string>
#include <string_view>

namespace dbcost {

// Throws InputError (the path cannot be written) on failure.
void write_file_atomically(const std::string& path, std::string_view content);
// Installs SIGINT, SIGTERM and SIGHUP handlers that remove a temporary file being written, then
// end the process as the signal would; the file the user already had is never touched.
void remove_partial_files_on_interrupt();

// Reads a whole file; a name ending in .gz is decompressed. Throws InputError naming the file.
std::string read_file(const std::string& path);

}  // namespace dbcost

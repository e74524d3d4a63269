// Output files are written whole or not at all, and never replace what the user did not ask to
// replace.
//
// - A regular file (or a new one) is written to an unnamed temporary file in its directory (Linux
//   O_TMPFILE), flushed to disk, then given its name; the file it replaces keeps its permissions
//   (and, for root, its owner). Killed mid-write (SIGKILL, SIGXFSZ, a full disk), the temporary file
//   has no name and vanishes. Where the file system has no O_TMPFILE, a named `.NAME.tmp.XXXXXX` in
//   the same directory is used instead, removed on error, SIGINT, SIGTERM and SIGHUP.
// - A symbolic link is followed: its target is written, the link stays.
// - A character device (/dev/null, a terminal) or a FIFO is written through, as a shell redirection
//   would; a directory, block device or socket is refused.
// - Several files written together are all written or none: every one is complete on disk before
//   the first is given its name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbcost {

struct OutputFile {
  std::string path;
  std::string_view content;
};

// Throws InputError naming the file when it cannot be written.
void write_files_atomically(const std::vector<OutputFile>& files);
void write_file_atomically(const std::string& path, std::string_view content);

// An option or argument and the path it names, for refusing to write over an input.
struct NamedPath {
  std::string option;  // "--out", "--usage", "SCENARIO"
  std::string path;
};

// Throws InputError when an output is one of the inputs (the same file by device and inode, or
// through a symbolic link), or when two outputs name one file; called before any work is done.
void refuse_outputs_over_inputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs);

// Installs SIGINT, SIGTERM and SIGHUP handlers that remove a named temporary file being written,
// then end the process as the signal would; ignores SIGXFSZ and SIGPIPE, so that a file over the
// size limit or a closed pipe is a write error with a message instead of a silent death.
void remove_partial_files_on_interrupt();

}  // namespace dbcost

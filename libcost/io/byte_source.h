// Streaming a file in blocks of complete lines, whatever it is: text in memory, a regular file
// (mapped, or read with pread where it cannot be mapped), a gzip file, a pipe or stdin. Memory is
// one block (plus the longest line), not the file. This is the one place that reads gzip
// (read_file in io/atomic_file.h uses GzipFile too).
//
// A plain file can be cut at line boundaries into ranges (cut_points) that are read in parallel;
// a gzip stream or a pipe is read from its start only.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dbcost {

// Blocks of complete lines; the last line of the input may lack its newline. Empty at the end.
class BlockSource {
 public:
  virtual ~BlockSource() = default;
  virtual std::string_view next() = 0;
};

class TextSource : public BlockSource {
 public:
  explicit TextSource(std::string_view text) : text_(text) {}
  std::string_view next() override;

 private:
  std::string_view text_;
};

// Reads through a buffer, handing out the complete lines and keeping the partial last one.
class BufferedSource : public BlockSource {
 public:
  explicit BufferedSource(std::size_t block);
  std::string_view next() override;

 protected:
  virtual std::size_t read(char* into, std::size_t max) = 0;  // 0 at the end

 private:
  std::size_t size_;
  std::unique_ptr<char[]> buf_;
  std::size_t keep_from_ = 0;
  std::size_t keep_ = 0;
};

// An open file descriptor, read-only; InputError "cannot open" naming the path otherwise.
class Fd {
 public:
  explicit Fd(const std::string& path);
  ~Fd();
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// [begin, end) of a file read with pread.
class FileRange : public BufferedSource {
 public:
  FileRange(int fd, std::string path, off_t begin, off_t end, std::size_t block)
      : BufferedSource(block), fd_(fd), path_(std::move(path)), pos_(begin), end_(end) {}

 protected:
  std::size_t read(char* into, std::size_t max) override;

 private:
  int fd_;
  std::string path_;
  off_t pos_, end_;
};

// A read-only mapping of a whole regular file; !ok() when it cannot be mapped.
class Mapping {
 public:
  Mapping(int fd, std::size_t size);
  ~Mapping();
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  bool ok() const { return data_ != nullptr; }
  const char* data() const { return data_; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Hands out a range of a mapped file in blocks that end after a newline, without copying, and
// drops the pages already read from the process (they stay in the page cache), so that memory
// stays bounded however large the file.
class MappedRange : public BlockSource {
 public:
  MappedRange(const char* base, std::size_t begin, std::size_t end, std::size_t block);
  std::string_view next() override;

 private:
  const char* base_;
  std::size_t pos_, end_, block_, released_;
};

// A gzip file read through zlib, which passes plain text through unchanged (so it also reads
// pipes and other special files). InputError "cannot open" / "not a valid gzip file" naming it.
class GzipFile {
 public:
  explicit GzipFile(const std::string& path);
  ~GzipFile();
  GzipFile(const GzipFile&) = delete;
  GzipFile& operator=(const GzipFile&) = delete;
  std::size_t read(char* into, std::size_t max);  // 0 at the end

 private:
  std::string path_;
  void* gz_;
};

class GzipSource : public BufferedSource {
 public:
  GzipSource(const std::string& path, std::size_t block) : BufferedSource(block), file_(path) {}

 protected:
  std::size_t read(char* into, std::size_t max) override { return file_.read(into, max); }

 private:
  GzipFile file_;
};

bool is_gzip_path(const std::string& path);
// False for a .gz name, a pipe or another special file: those are streamed from their start.
bool is_plain_regular_file(const std::string& path);

// A whole file from its start: mapped when it is a plain regular file (read with pread when it
// cannot be mapped), else through GzipFile.
std::unique_ptr<BlockSource> open_block_source(const std::string& path, std::size_t block);

// The first line of `text`, its newline included.
std::string_view first_line_of(std::string_view text);

// Cut points after a newline near each even share of [begin, end): n ranges, some maybe empty.
// `find_newline(from)` gives the offset just after the first newline at or after `from` (or end).
template <class FindNewline>
std::vector<std::size_t> cut_points(std::size_t begin, std::size_t end, unsigned n, FindNewline find_newline) {
  std::vector<std::size_t> cuts = {begin};
  for (unsigned i = 1; i < n; ++i) {
    const std::size_t target = begin + (end - begin) * i / n;
    const std::size_t cut = std::max(cuts.back(), find_newline(target - 1));
    cuts.push_back(std::min(cut, end));
  }
  cuts.push_back(end);
  return cuts;
}

}  // namespace dbcost

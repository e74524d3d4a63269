#include "io/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/errors.h"

namespace dbcost {

std::string_view TextSource::next() { return std::exchange(text_, std::string_view()); }

BufferedSource::BufferedSource(std::size_t block)
    : size_(std::max<std::size_t>(block, 4096)), buf_(std::make_unique_for_overwrite<char[]>(size_)) {}

std::string_view BufferedSource::next() {
  if (keep_ > 0) std::memmove(buf_.get(), buf_.get() + keep_from_, keep_);
  std::size_t filled = keep_;
  keep_ = 0;
  while (true) {
    if (filled == size_) {
      auto bigger = std::make_unique_for_overwrite<char[]>(size_ * 2);
      std::memcpy(bigger.get(), buf_.get(), filled);
      buf_ = std::move(bigger);
      size_ *= 2;
    }
    const std::size_t n = read(buf_.get() + filled, size_ - filled);
    filled += n;
    if (n == 0) return std::string_view(buf_.get(), filled);
    const void* nl = ::memrchr(buf_.get() + filled - n, '\n', n);
    if (!nl) continue;
    const std::size_t cut = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.get()) + 1;
    keep_from_ = cut;
    keep_ = filled - cut;
    return std::string_view(buf_.get(), cut);
  }
}

Fd::Fd(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) throw InputError({path, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
}
Fd::~Fd() { ::close(fd_); }

std::size_t FileRange::read(char* into, std::size_t max) {
  const auto want = static_cast<std::size_t>(std::min<off_t>(static_cast<off_t>(max), end_ - pos_));
  if (want == 0) return 0;
  ssize_t n;
  do n = ::pread(fd_, into, want, pos_);
  while (n < 0 && errno == EINTR);
  if (n < 0) throw InputError({path_, 0, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
  pos_ += n;
  if (n == 0) end_ = pos_;
  return static_cast<std::size_t>(n);
}

Mapping::Mapping(int fd, std::size_t size) {
  if (size == 0) return;
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return;
  ::madvise(p, size, MADV_SEQUENTIAL);
  data_ = static_cast<const char*>(p);
  size_ = size;
}
Mapping::~Mapping() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

namespace {

std::size_t page_floor(std::size_t offset) {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return offset / page * page;
}

}  // namespace

MappedRange::MappedRange(const char* base, std::size_t begin, std::size_t end, std::size_t block)
    : base_(base), pos_(begin), end_(end), block_(std::max<std::size_t>(block, 4096)), released_(page_floor(begin)) {}

std::string_view MappedRange::next() {
  if (const std::size_t done = page_floor(pos_); done > released_) {
    ::madvise(const_cast<char*>(base_ + released_), done - released_, MADV_DONTNEED);
    released_ = done;
  }
  if (pos_ >= end_) return {};
  std::size_t stop = std::min(end_, pos_ + block_);
  if (stop < end_) {
    if (const void* nl = ::memrchr(base_ + pos_, '\n', stop - pos_)) {
      stop = static_cast<std::size_t>(static_cast<const char*>(nl) - base_) + 1;
    } else {
      const void* next_nl = std::memchr(base_ + stop, '\n', end_ - stop);
      stop = next_nl ? static_cast<std::size_t>(static_cast<const char*>(next_nl) - base_) + 1 : end_;
    }
  }
  const std::string_view out(base_ + pos_, stop - pos_);
  pos_ = stop;
#if defined(MADV_POPULATE_READ)
  // The block's pages mapped in one call rather than a fault every few pages (fails harmlessly
  // before Linux 5.14).
  const std::size_t from = page_floor(out.data() - base_);
  ::madvise(const_cast<char*>(base_ + from), stop - from, MADV_POPULATE_READ);
#endif
  return out;
}

GzipFile::GzipFile(const std::string& path) : path_(path), gz_(::gzopen(path.c_str(), "rb")) {
  if (!gz_) throw InputError({path, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
  ::gzbuffer(static_cast<gzFile>(gz_), 1u << 17);
}
GzipFile::~GzipFile() { ::gzclose(static_cast<gzFile>(gz_)); }

std::size_t GzipFile::read(char* into, std::size_t max) {
  const auto gz = static_cast<gzFile>(gz_);
  const int n = ::gzread(gz, into, static_cast<unsigned>(std::min<std::size_t>(max, 1u << 30)));
  int errnum = 0;
  const char* msg = ::gzerror(gz, &errnum);
  if (n < 0 || errnum < 0) throw InputError({path_, 0, 0, ""}, std::string("not a valid gzip file: ") + msg);
  return static_cast<std::size_t>(n);
}

bool is_gzip_path(const std::string& path) { return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0; }

bool is_plain_regular_file(const std::string& path) {
  struct stat st {};
  return !is_gzip_path(path) && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

namespace {

// A whole regular file, mapped (or read with pread); owns the descriptor and the mapping.
class WholeFile : public BlockSource {
 public:
  WholeFile(const std::string& path, std::size_t block) : fd_(path) {
    struct stat st {};
    if (::fstat(fd_.get(), &st) != 0)
      throw InputError({path, 0, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
    const auto size = static_cast<std::size_t>(st.st_size);
    mapping_ = std::make_unique<Mapping>(fd_.get(), size);
    if (mapping_->ok())
      range_ = std::make_unique<MappedRange>(mapping_->data(), 0, size, block);
    else
      range_ = std::make_unique<FileRange>(fd_.get(), path, 0, static_cast<off_t>(size), block);
  }
  std::string_view next() override { return range_->next(); }

 private:
  Fd fd_;
  std::unique_ptr<Mapping> mapping_;
  std::unique_ptr<BlockSource> range_;
};

}  // namespace

std::unique_ptr<BlockSource> open_block_source(const std::string& path, std::size_t block) {
  if (is_plain_regular_file(path)) return std::make_unique<WholeFile>(path, block);
  return std::make_unique<GzipSource>(path, block);
}

std::string_view first_line_of(std::string_view text) {
  const auto nl = text.find('\n');
  return text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
}

}  // namespace dbcost

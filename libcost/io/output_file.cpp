#include "io/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <random>

#include "core/errors.h"

namespace dbcost {
namespace {

// Named temporary files being written (the fallback without O_TMPFILE), for the interrupt handler:
// fixed buffers, as the handler may only make async-signal-safe calls.
constexpr std::size_t kMaxPending = 8;
char g_pending_tmp[kMaxPending][4096];
volatile std::sig_atomic_t g_pending[kMaxPending] = {};

extern "C" void remove_pending_and_reraise(int sig) {
  for (std::size_t i = 0; i < kMaxPending; ++i)
    if (g_pending[i]) ::unlink(g_pending_tmp[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Registers a named temporary file for removal on interrupt while it exists.
class PendingName {
 public:
  explicit PendingName(const std::string& tmp) {
    if (tmp.size() >= sizeof g_pending_tmp[0]) return;
    for (std::size_t i = 0; i < kMaxPending; ++i)
      if (!g_pending[i]) {
        std::memcpy(g_pending_tmp[i], tmp.c_str(), tmp.size() + 1);
        g_pending[i] = 1;
        slot_ = static_cast<int>(i);
        return;
      }
  }
  ~PendingName() { release(); }
  void release() {
    if (slot_ >= 0) g_pending[slot_] = 0;
    slot_ = -1;
  }
  PendingName(const PendingName&) = delete;
  PendingName& operator=(const PendingName&) = delete;

 private:
  int slot_ = -1;
};

[[noreturn]] void fail(const std::string& path, const std::string& what, int err = 0) {
  throw InputError({path, 0, 0, ""}, err ? what + ": " + std::strerror(err) : what);
}

std::string dir_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

enum class Kind { New, Regular, WriteThrough };

struct Target {
  std::string asked;     // as the user wrote it
  std::string resolved;  // after symbolic links
  Kind kind = Kind::New;
  struct stat st {};
};

const char* kind_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Follows symbolic links by hand, so that a dangling link names the file to create.
std::string follow_links(const std::string& path) {
  std::string p = path;
  for (int hop = 0;; ++hop) {
    struct stat ls {};
    if (::lstat(p.c_str(), &ls) != 0) {
      if (errno == ENOENT) return p;
      fail(path, "cannot write", errno);
    }
    if (!S_ISLNK(ls.st_mode)) return p;
    if (hop == 40) fail(path, "cannot write: too many levels of symbolic links");
    std::array<char, 4096> buf{};
    const ssize_t n = ::readlink(p.c_str(), buf.data(), buf.size() - 1);
    if (n < 0) fail(path, "cannot write", errno);
    const std::string link(buf.data(), static_cast<std::size_t>(n));
    p = link.starts_with('/') ? link : dir_of(p) + "/" + link;
  }
}

Target resolve(const std::string& path) {
  if (path.empty()) fail(path, "cannot write: empty file name");
  Target t;
  t.asked = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    t.st = st;
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
      t.resolved = path;
      t.kind = Kind::WriteThrough;
      return t;
    }
    if (!S_ISREG(st.st_mode))
      fail(path, std::string("cannot write: it is ") + kind_name(st.st_mode) +
                     "; dbcost writes regular files, character devices and FIFOs");
    char* real = ::realpath(path.c_str(), nullptr);
    if (!real) fail(path, "cannot write", errno);
    t.resolved = real;
    std::free(real);
    t.kind = Kind::Regular;
    if (::access(t.resolved.c_str(), W_OK) != 0) fail(path, "cannot write", errno);
    return t;
  }
  if (errno != ENOENT) fail(path, "cannot write", errno);
  t.resolved = follow_links(path);
  t.kind = Kind::New;
  return t;
}

void write_all(int fd, std::string_view content, const std::string& path) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "cannot write", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

std::string random_suffix() {
  static thread_local std::mt19937_64 gen(std::random_device{}());
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s(6, 'x');
  for (auto& c : s) c = kChars[gen() % (sizeof kChars - 1)];
  return s;
}

// One regular file written to a temporary file beside it, waiting for its name.
class Staged {
 public:
  explicit Staged(Target target) : t_(std::move(target)) {}

  void write(std::string_view content) {
    const std::string dir = dir_of(t_.resolved);
    const mode_t mode = t_.kind == Kind::Regular ? (t_.st.st_mode & 07777) : 0666;
    fd_ = Fd(::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode));
    if (fd_.get() < 0) {
      if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) fail(t_.asked, "cannot create a file here", errno);
      named_ = named_temp_name();
      fd_ = Fd(::open(named_.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode));
      if (fd_.get() < 0) fail(t_.asked, "cannot create a file here", errno);
      pending_.emplace(named_);
    }
    if (t_.kind == Kind::Regular) {
      if (::geteuid() == 0) {
        [[maybe_unused]] const int owner_kept = ::fchown(fd_.get(), t_.st.st_uid, t_.st.st_gid);
      }
      ::fchmod(fd_.get(), t_.st.st_mode & 07777);
    }
    write_all(fd_.get(), content, t_.asked);
    if (::fsync(fd_.get()) != 0) fail(t_.asked, "cannot write", errno);
  }

  // Gives the written file its name; throws when it cannot.
  void commit() {
    if (named_.empty()) {
      if (t_.kind == Kind::New && link_fd_to(t_.resolved)) return finish();
      named_ = named_temp_name();
      while (!link_fd_to(named_)) {
        if (errno != EEXIST) fail(t_.asked, "cannot write", errno);
        named_ = named_temp_name();
      }
      pending_.emplace(named_);
    }
    if (std::rename(named_.c_str(), t_.resolved.c_str()) != 0) fail(t_.asked, "cannot write", errno);
    named_.clear();
    finish();
  }

  ~Staged() {
    if (!named_.empty()) ::unlink(named_.c_str());
  }
  Staged(const Staged&) = delete;
  Staged& operator=(const Staged&) = delete;

 private:
  std::string named_temp_name() const {
    return dir_of(t_.resolved) + "/." + base_of(t_.resolved) + ".tmp." + random_suffix();
  }

  bool link_fd_to(const std::string& name) {
    const std::string proc = "/proc/self/fd/" + std::to_string(fd_.get());
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
    if (errno == ENOENT && ::access("/proc/self/fd", F_OK) != 0)
      return ::linkat(fd_.get(), "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH) == 0;
    return false;
  }

  void finish() {
    pending_.reset();
    const Fd dir(::open(dir_of(t_.resolved).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0) ::fsync(dir.get());
  }

  Target t_;
  Fd fd_;
  std::string named_;
  std::optional<PendingName> pending_;
};

void write_through(const Target& t, std::string_view content) {
  const Fd fd(::open(t.resolved.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) fail(t.asked, "cannot write", errno);
  write_all(fd.get(), content, t.asked);
}

}  // namespace

void remove_partial_files_on_interrupt() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_pending_and_reraise);
  std::signal(SIGXFSZ, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
}

void write_files_atomically(const std::vector<OutputFile>& files) {
  std::vector<Target> targets;
  for (const auto& f : files) targets.push_back(resolve(f.path));
  std::vector<std::unique_ptr<Staged>> staged;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (targets[i].kind != Kind::WriteThrough) {
      staged.push_back(std::make_unique<Staged>(targets[i]));
      staged.back()->write(files[i].content);
    }
  for (std::size_t i = 0; i < files.size(); ++i)
    if (targets[i].kind == Kind::WriteThrough) write_through(targets[i], files[i].content);
  for (auto& s : staged) s->commit();
}

void write_file_atomically(const std::string& path, std::string_view content) {
  write_files_atomically({{path, content}});
}

namespace {

struct Identity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string resolved;
};

Identity identity_of(const std::string& path) {
  Identity id;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    return id;
  }
  id.resolved = follow_links(path);
  if (char* real = ::realpath(dir_of(id.resolved).c_str(), nullptr)) {
    id.resolved = std::string(real) + "/" + base_of(id.resolved);
    std::free(real);
  }
  return id;
}

bool same_file(const Identity& a, const Identity& b) {
  if (a.exists != b.exists) return false;
  return a.exists ? a.dev == b.dev && a.ino == b.ino : a.resolved == b.resolved;
}

bool is_stream(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

}  // namespace

void refuse_outputs_over_inputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  std::vector<Identity> out_ids;
  for (const auto& o : outputs) out_ids.push_back(identity_of(o.path));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (is_stream(outputs[i].path)) continue;
    for (const auto& in : inputs) {
      if (in.path.empty()) continue;
      struct stat st {};
      if (::stat(in.path.c_str(), &st) != 0) continue;
      if (same_file(out_ids[i], identity_of(in.path)))
        throw InputError({outputs[i].path, 0, 0, outputs[i].option},
                         "is also the input " + in.option + " '" + in.path +
                             "'; dbcost never writes over its input: choose another output file");
    }
    for (std::size_t j = 0; j < i; ++j)
      if (same_file(out_ids[i], out_ids[j]))
        throw InputError({outputs[i].path, 0, 0, outputs[i].option}, "is also the output " + outputs[j].option + " '" +
                                                                         outputs[j].path +
                                                                         "': each output needs a file of its own");
  }
}

}  // namespace dbcost

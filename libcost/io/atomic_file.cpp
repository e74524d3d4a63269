#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "io/errors.h"

namespace dbcost {
namespace {

// The temporary file being written, for the interrupt handler (async-signal-safe: a fixed buffer).
char g_pending_tmp[4096];
volatile std::sig_atomic_t g_pending = 0;

extern "C" void remove_pending_and_reraise(int sig) {
  if (g_pending) ::unlink(g_pending_tmp);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

struct PendingFile {
  explicit PendingFile(const std::string& tmp) {
    if (tmp.size() >= sizeof g_pending_tmp) return;
    std::memcpy(g_pending_tmp, tmp.c_str(), tmp.size() + 1);
    g_pending = 1;
  }
  ~PendingFile() { g_pending = 0; }
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
};

}  // namespace

void remove_partial_files_on_interrupt() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_pending_and_reraise);
}

void write_file_atomically(const std::string& path, std::string_view content) {
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string tmpl = dir + "/." + base + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw InputError({path, 0, 0, ""}, std::string("cannot create a file here: ") + std::strerror(errno));
  const PendingFile pending(tmpl);
  const char* p = content.data();
  std::size_t left = content.size();
  bool ok = true;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  const int saved = errno;
  if (ok && ::fsync(fd) != 0) ok = false;
  ::fchmod(fd, 0644);
  ::close(fd);
  if (!ok || std::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int err = ok ? errno : saved;
    ::unlink(tmpl.c_str());
    throw InputError({path, 0, 0, ""}, std::string("cannot write: ") + std::strerror(err));
  }
}

namespace {

[[noreturn]] void too_large(const std::string& path, std::size_t max_bytes, const char* what) {
  throw InputError({path, 0, 0, ""}, std::string(what) + " more than " + std::to_string(max_bytes) +
                                         " bytes, the most dbcost reads whole; is this the right file?");
}

}  // namespace

std::string read_file(const std::string& path, std::size_t max_bytes) {
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    gzFile gz = ::gzopen(path.c_str(), "rb");
    if (!gz) throw InputError({path, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = ::gzread(gz, buf, sizeof buf)) > 0) {
      if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
        ::gzclose(gz);
        too_large(path, max_bytes, "decompresses to");
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    int errnum = 0;
    const char* msg = ::gzerror(gz, &errnum);
    ::gzclose(gz);
    if (n < 0 || errnum < 0) throw InputError({path, 0, 0, ""}, std::string("not a valid gzip file: ") + msg);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    const auto n = static_cast<std::size_t>(in.gcount());
    if (out.size() + n > max_bytes) too_large(path, max_bytes, "holds");
    out.append(buf, n);
  }
  if (in.bad()) throw InputError({path, 0, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
  return out;
}

}  // namespace dbcost

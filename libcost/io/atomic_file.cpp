#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "io/byte_source.h"

namespace dbcost {
namespace {

[[noreturn]] void too_large(const std::string& path, std::size_t max_bytes, const char* what) {
  throw InputError({path, 0, 0, ""}, std::string(what) + " more than " + std::to_string(max_bytes) +
                                         " bytes, the most dbcost reads whole; is this the right file?");
}

}  // namespace

std::string read_file(const std::string& path, std::size_t max_bytes) {
  if (is_gzip_path(path)) {
    GzipFile gz(path);
    std::string out;
    char buf[1 << 16];
    while (const std::size_t n = gz.read(buf, sizeof buf)) {
      if (out.size() + n > max_bytes) too_large(path, max_bytes, "decompresses to");
      out.append(buf, n);
    }
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

// Output files: symbolic links followed, permissions kept, devices and FIFOs written through,
// inputs never overwritten, several files all or none, nothing named left behind by a kill.
#include "io/output_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/errors.h"

namespace dbcost {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dbcost-output-file-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path(name), std::ios::binary) << content;
    return path(name);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  fs::path dir_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_F(OutputFileTest, ANewFileGetsTheUsualPermissionsAndNoTemporaryIsLeft) {
  const mode_t mask = ::umask(022);
  write_file_atomically(path("report.csv"), "a,b\n");
  ::umask(mask);
  EXPECT_EQ(slurp(path("report.csv")), "a,b\n");
  EXPECT_EQ(mode_of(path("report.csv")) & 07777, 0644u);
  EXPECT_EQ(names(), std::vector<std::string>{"report.csv"});
}

TEST_F(OutputFileTest, AnExistingFileKeepsItsPermissions) {
  const std::string p = write("chargeback.csv", "old\n");
  ASSERT_EQ(::chmod(p.c_str(), 0600), 0);
  write_file_atomically(p, "new\n");
  EXPECT_EQ(slurp(p), "new\n");
  EXPECT_EQ(mode_of(p) & 07777, 0600u);
  ASSERT_EQ(::chmod(p.c_str(), 0640), 0);
  write_file_atomically(p, "newer\n");
  EXPECT_EQ(mode_of(p) & 07777, 0640u);
}

TEST_F(OutputFileTest, ASymbolicLinkIsFollowedAndStaysALink) {
  const std::string target = write("target.csv", "old\n");
  fs::create_symlink("target.csv", path("link.csv"));
  write_file_atomically(path("link.csv"), "new\n");
  EXPECT_TRUE(fs::is_symlink(path("link.csv")));
  EXPECT_EQ(slurp(target), "new\n");
  fs::create_symlink("missing/../created.csv", path("dangling.csv"));
  fs::create_directories(dir_ / "missing");
  write_file_atomically(path("dangling.csv"), "made\n");
  EXPECT_TRUE(fs::is_symlink(path("dangling.csv")));
  EXPECT_EQ(slurp(path("created.csv")), "made\n");
}

TEST_F(OutputFileTest, ACharacterDeviceIsWrittenThrough) {
  write_file_atomically("/dev/null", "nothing to keep\n");
  EXPECT_TRUE(S_ISCHR(mode_of("/dev/null")));
  EXPECT_EQ(error_of([] { write_file_atomically("/dev/full", "x"); }),
            "/dev/full: cannot write: No space left on device");
  EXPECT_TRUE(S_ISCHR(mode_of("/dev/full")));
}

TEST_F(OutputFileTest, AFifoIsWrittenThrough) {
  const std::string fifo = path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = slurp(fifo); });
  write_file_atomically(fifo, "through the pipe\n");
  reader.join();
  EXPECT_EQ(received, "through the pipe\n");
  EXPECT_TRUE(S_ISFIFO(mode_of(fifo)));
}

TEST_F(OutputFileTest, ADirectoryIsRefused) {
  fs::create_directories(dir_ / "sub");
  EXPECT_EQ(
      error_of([&] { write_file_atomically(path("sub"), "x"); }),
      path("sub") + ": cannot write: it is a directory; dbcost writes regular files, character devices and FIFOs");
}

TEST_F(OutputFileTest, SeveralFilesAreAllWrittenOrNone) {
  const std::string usage = write("usage.csv", "old usage\n");
  const std::string bad = path("no-such-dir/prices.csv");
  const std::string err = error_of([&] { write_files_atomically({{usage, "new usage\n"}, {bad, "prices\n"}}); });
  EXPECT_EQ(err, bad + ": cannot create a file here: No such file or directory");
  EXPECT_EQ(slurp(usage), "old usage\n");
  EXPECT_EQ(names(), std::vector<std::string>{"usage.csv"});
  write_files_atomically({{usage, "new usage\n"}, {path("prices.csv"), "prices\n"}});
  EXPECT_EQ(slurp(usage), "new usage\n");
  EXPECT_EQ(slurp(path("prices.csv")), "prices\n");
}

TEST_F(OutputFileTest, AnOutputThatIsAnInputIsRefused) {
  const std::string usage = write("usage.csv", "usage\n");
  fs::create_hard_link(usage, path("hard.csv"));
  fs::create_symlink("usage.csv", path("soft.csv"));
  const std::string expected =
      ": is also the input --usage '" + usage + "'; dbcost never writes over its input: choose another output file";
  for (const std::string& out : {usage, path("hard.csv"), path("soft.csv"), dir_.string() + "/./usage.csv"})
    EXPECT_EQ(error_of([&] {
                refuse_outputs_over_inputs({{"--out", out}}, {{"--usage", usage}});
              }),
              out + ": --out" + expected);
  EXPECT_EQ(error_of([&] {
              refuse_outputs_over_inputs({{"--out", path("x.csv")}, {"--prices-out", dir_.string() + "/./x.csv"}}, {});
            }),
            dir_.string() + "/./x.csv: --prices-out: is also the output --out '" + path("x.csv") +
                "': each output needs a file of its own");
  EXPECT_EQ(error_of([&] {
              refuse_outputs_over_inputs({{"--out", path("other.csv")}, {"--prices-out", "/dev/null"}},
                                         {{"--usage", usage}, {"--prices", "/dev/null"}});
            }),
            "");
}

// Runs `child` in a forked process; returns its wait status.
int in_child(const std::function<int()>& child, const std::function<void(pid_t)>& parent = {}) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(child());
  if (parent) parent(pid);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// True once the process has a file open in `dir` (a temporary file being written).
bool writing_in(pid_t pid, const fs::path& dir) {
  std::error_code ec;
  for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const auto target = fs::read_symlink(fd.path(), ec).string();
    if (!ec && target.starts_with(dir.string() + "/")) return true;
  }
  return false;
}

TEST_F(OutputFileTest, AKillMidWriteLeavesTheOldFileAndNothingElse) {
  const std::string out = write("usage.csv", "the export a user already had\n");
  const std::string big(std::size_t{256} << 20, 'x');
  const int status = in_child(
      [&] {
        write_file_atomically(out, big);
        return 0;
      },
      [&](pid_t pid) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!writing_in(pid, dir_) && std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        ::kill(pid, SIGKILL);
      });
  ASSERT_TRUE(WIFSIGNALED(status)) << "the write finished before the kill";
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_EQ(slurp(out), "the export a user already had\n");
  EXPECT_EQ(names(), std::vector<std::string>{"usage.csv"});
}

TEST_F(OutputFileTest, AFileOverTheSizeLimitIsAnErrorAndLeavesNothing) {
  const std::string out = write("usage.csv", "old\n");
  const int status = in_child([&] {
    remove_partial_files_on_interrupt();
    const rlimit limit{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    const std::string err = error_of([&] { write_file_atomically(out, std::string(100'000, 'x')); });
    return err == out + ": cannot write: File too large" ? 0 : 1;
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(slurp(out), "old\n");
  EXPECT_EQ(names(), std::vector<std::string>{"usage.csv"});
}

}  // namespace
}  // namespace dbcost

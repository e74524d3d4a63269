// Files read whole stop at a size limit, on disk or decompressed, with an error naming the file.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "core/errors.h"
#include "io/atomic_file.h"

namespace dbcost {
namespace {

namespace fs = std::filesystem;

class ReadFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dbcost-read-file-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& content) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  fs::path dir_;
};

std::string error_of(const std::string& path, std::size_t max_bytes) {
  try {
    read_file(path, max_bytes);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_F(ReadFileTest, AFileUpToTheLimitIsReadWhole) {
  const std::string content(200'000, 'x');  // several read blocks
  const auto path = write("big.yaml", content);
  EXPECT_EQ(read_file(path, 200'000), content);
  EXPECT_EQ(error_of(path, 199'999),
            path + ": holds more than 199999 bytes, the most dbcost reads whole; is this the right file?");
}

TEST_F(ReadFileTest, ACompressedFileIsLimitedByWhatItDecompressesTo) {
  const std::string content(100'000, 'a');
  const auto plain = write("prices.csv", content);
  ASSERT_EQ(std::system(("gzip -k -f " + plain).c_str()), 0);
  const std::string gz = plain + ".gz";
  ASSERT_LT(fs::file_size(gz), 1'000u);  // 100 kB of one letter compresses to a few hundred bytes
  EXPECT_EQ(read_file(gz, 100'000), content);
  EXPECT_EQ(error_of(gz, 99'999),
            gz + ": decompresses to more than 99999 bytes, the most dbcost reads whole; is this the right file?");
}

TEST_F(ReadFileTest, ADirectoryIsAnErrorNotAnEmptyFile) {
  EXPECT_NE(error_of(dir_.string(), kMaxWholeFileBytes).find(dir_.string() + ": cannot"), std::string::npos);
}

}  // namespace
}  // namespace dbcost

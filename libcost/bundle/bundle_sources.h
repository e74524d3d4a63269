// The YAML files behind one bundle (databricks.yml, its includes, a runtimes side file), parsed
// into one shared line space so that a tree merged from several files still reports each value's
// own file, line and column.
//
// yaml-cpp keeps a line and column per node but no file, and YamlView carries one file name per
// tree. So file k is parsed after as many blank lines as the files before it hold: its lines are
// numbered after theirs, and relocate() maps a line in that space back to (file, line). Values
// created by variable substitution are parsed the same way at the position of the text they
// replace, so an error in a substituted value points at the `${var.x}` that produced it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "io/yaml_reader.h"

namespace dbcost {

class BundleSources {
 public:
  // `space_name` is the file name every view in the shared space carries (the bundle's root file).
  explicit BundleSources(std::string space_name)
      : space_name_(std::make_shared<const std::string>(std::move(space_name))) {}

  // Reads and parses a file into the shared space; a syntax error is an InputError in that file.
  // A side file (runtimes) keeps its own paths in relocated errors.
  YamlView load(const std::string& path, bool side_file = false);
  // A scalar with this text whose position is `at` (a node in the shared space).
  YAML::Node scalar_at(const std::string& text, const YAML::Node& at) const;
  // A view of `node` in the shared space under `path`.
  YamlView view(const YAML::Node& node, const std::string& path) const;

  const std::string& space_name() const { return *space_name_; }
  std::vector<std::string> files() const;
  // The file a node in the shared space came from ("" for nodes without a position).
  std::string file_of(const YAML::Node& node) const;
  // An error located in the shared space, located in its own file. Fields that name a scenario
  // path (jobs.x, sql_warehouses.x, all_purpose_clusters.x) are renamed to the bundle's paths
  // (resources.jobs.x, ...) when the value came from a bundle file.
  InputError relocate(const InputError& e) const;
  // "file:line:column: path: message" for a note about a value in the shared space.
  std::string note_at(const YamlView& at, const std::string& message) const;

 private:
  struct File {
    std::string path;
    std::size_t first_line = 0;  // 0-based line of its first line in the shared space
    std::size_t lines = 0;
    bool bundle_file = true;
  };
  const File* file_at(std::size_t line0) const;

  std::shared_ptr<const std::string> space_name_;
  std::vector<File> files_;
  std::size_t next_line_ = 0;
};

// Runs f, relocating any InputError through `sources`.
template <class F>
auto with_sources(const BundleSources& sources, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const InputError& e) {
    throw sources.relocate(e);
  }
}

}  // namespace dbcost

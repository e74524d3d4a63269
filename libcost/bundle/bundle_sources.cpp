#include "bundle/bundle_sources.h"

#include <algorithm>

#include "io/atomic_file.h"
#include "io/yaml_merge.h"

namespace dbcost {

YamlView BundleSources::load(const std::string& path, bool side_file) {
  const std::string text = read_file(path);
  File f;
  f.path = path;
  f.first_line = next_line_;
  f.lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  f.bundle_file = !side_file;
  require_utf8(text, path);
  try {
    YAML::Node root = YAML::Load(std::string(f.first_line, '\n') + text);
    detail::check_yaml_tree(root, path, f.first_line);
    detail::expand_merge_keys(root, path, f.first_line);
    files_.push_back(f);
    next_line_ += f.lines + 1;
    return YamlView(space_name_, root, "");
  } catch (const YAML::Exception& e) {
    const auto line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) : f.first_line;
    throw InputError({path, line >= f.first_line ? line - f.first_line + 1 : 1,
                      static_cast<std::size_t>(std::max(e.mark.column, 0) + 1), ""},
                     detail::yaml_error_message(e));
  }
}

YAML::Node BundleSources::scalar_at(const std::string& text, const YAML::Node& at) const {
  const auto m = at.Mark();
  if (m.line < 0 || m.column < 0) return YAML::Node(text);
  // An empty quoted scalar parsed at the position, then given the text: parsing the text itself
  // would cost as much as the text is long (values expanded from variables reach a megabyte).
  YAML::Node out = YAML::Load(std::string(static_cast<std::size_t>(m.line), '\n') +
                              std::string(static_cast<std::size_t>(m.column), ' ') + "\"\"");
  out = text;  // a string assigned to a scalar replaces its text and keeps its mark
  return out;
}

YamlView BundleSources::view(const YAML::Node& node, const std::string& path) const {
  return YamlView(space_name_, node, path);
}

std::vector<std::string> BundleSources::files() const {
  std::vector<std::string> out;
  for (const auto& f : files_) out.push_back(f.path);
  return out;
}

const BundleSources::File* BundleSources::file_at(std::size_t line0) const {
  for (const auto& f : files_)
    if (line0 >= f.first_line && line0 < f.first_line + f.lines) return &f;
  return nullptr;
}

std::string BundleSources::file_of(const YAML::Node& node) const {
  const auto m = node.Mark();
  if (m.line < 0) return "";
  const File* f = file_at(static_cast<std::size_t>(m.line));
  return f ? f->path : "";
}

InputError BundleSources::relocate(const InputError& e) const {
  const auto& w = e.where();
  if (w.file != *space_name_ || w.line == 0) return e;
  const File* f = file_at(w.line - 1);
  if (!f) return e;
  SourceLocation loc = w;
  loc.file = f->path;
  loc.line = w.line - f->first_line;
  if (f->bundle_file) {
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"jobs.", "resources.jobs."},
                                   {"sql_warehouses.", "resources.sql_warehouses."},
                                   {"all_purpose_clusters.", "resources.clusters."}})
      if (loc.field.rfind(from, 0) == 0) {
        loc.field = to + loc.field.substr(from.size());
        break;
      }
  }
  return InputError(loc, e.reason());
}

std::string BundleSources::note_at(const YamlView& at, const std::string& message) const {
  return relocate(InputError(at.where(), message)).what();
}

}  // namespace dbcost

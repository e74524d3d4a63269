// YAML merge keys, expanded in place as the Databricks CLI reads bundles (databricks/cli@7bbe285
// libs/dyn/yamlloader/loader.go, loadMapping): `<<: *a` or `<<: [*a, *b]` (or an inline mapping)
// adds the merged mappings' keys that the mapping does not give itself; in a list a later mapping
// wins over an earlier one (the CLI's order; YAML 1.1 lets the earlier one win). The merge is
// shallow. A value other than a mapping or a list of mappings is an InputError at its
// file:line:column; `first_line` is the 0-based line of the file's first line in the marks.
// A `<<` key written as a quoted string ("<<") is an ordinary key.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>

namespace dbcost::detail {

void expand_merge_keys(const YAML::Node& root, const std::string& file, std::size_t first_line = 0);

}  // namespace dbcost::detail

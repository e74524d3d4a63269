// Conversions shared by the register_<area> files: tables to pandas DataFrames (or dicts of lists
// when pandas is missing), JSON to Python objects, Python specs to YAML views.
#pragma once

#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

#include "io/table.h"
#include "io/yaml_reader.h"

namespace dbcost::py {

// Exact columns become decimal.Decimal values; `empty_text_is_null` reads "" in text columns as None
// (FOCUS, where an empty cell is a null).
pybind11::object table_to_frame(const Table& table, bool empty_text_is_null = false);
pybind11::object json_to_python(const nlohmann::json& j);
// A dict (or list) is serialized to JSON; a str is a path when such a file exists, else YAML/JSON text.
YamlView view_from_python(const pybind11::object& obj, const std::string& what);

}  // namespace dbcost::py

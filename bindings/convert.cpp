#include "convert.h"

#include <filesystem>

namespace py = pybind11;

namespace dbcost::py {

::py::object json_to_python(const nlohmann::json& j) { return ::py::module_::import("json").attr("loads")(j.dump()); }

::py::object table_to_frame(const Table& table, bool empty_text_is_null) {
  ::py::dict columns;
  const ::py::object decimal = ::py::module_::import("decimal").attr("Decimal");
  for (std::size_t c = 0; c < table.columns().size(); ++c) {
    ::py::list values;
    for (const auto& row : table.rows()) {
      const auto& cell = row[c];
      if (!table.columns()[c].numeric) {
        if (empty_text_is_null && cell.empty())
          values.append(::py::none());
        else
          values.append(cell);
      } else if (cell.empty()) {
        values.append(::py::none());
      } else if (table.columns()[c].exact) {
        values.append(decimal(cell));
      } else if (cell.find_first_of(".eE") == std::string::npos) {
        values.append(::py::int_(std::stoll(cell)));
      } else {
        values.append(::py::float_(std::stod(cell)));
      }
    }
    columns[::py::str(table.columns()[c].name)] = values;
  }
  try {
    return ::py::module_::import("pandas").attr("DataFrame")(columns);
  } catch (const ::py::error_already_set&) {
    return ::py::object(columns);
  }
}

YamlView view_from_python(const ::py::object& obj, const std::string& what) {
  if (::py::isinstance<::py::str>(obj)) {
    const auto s = obj.cast<std::string>();
    std::error_code ec;
    if (s.find('\n') == std::string::npos && std::filesystem::is_regular_file(s, ec)) return YamlView::load(s);
    return YamlView::parse(s, "<" + what + ">");
  }
  if (::py::hasattr(obj, "__fspath__"))
    return YamlView::load(::py::module_::import("os").attr("fspath")(obj).cast<std::string>());
  const auto text = ::py::module_::import("json").attr("dumps")(obj).cast<std::string>();
  return YamlView::parse(text, "<" + what + ">");
}

}  // namespace dbcost::py

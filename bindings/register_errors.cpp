// dbcost.InputError (bad input, with file/line/column/field) and dbcost.ModelError, both ValueErrors,
// carrying the same located messages as the CLI.
#include <pybind11/pybind11.h>

#include "core/errors.h"
#include "register.h"

namespace py = pybind11;

namespace dbcost::py {

void register_errors(pybind11::module_& m) {
  static ::py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  static ::py::exception<ModelError> model_error(m, "ModelError", PyExc_ValueError);
  input_error.doc() =
      "Bad input: a file, a table or an argument that cannot be read. The message is the CLI's, located as "
      "file:line:column: field: reason; the attributes file, line, column, field and reason hold its parts.";
  model_error.doc() =
      "A valid input the model cannot run: a limit passed (result size, run count) or a case it does not "
      "cover; the message says which and what to change.";
  ::py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      ::py::object err = ::py::reinterpret_borrow<::py::object>(input_error.ptr())(e.what());
      err.attr("file") = e.where().file;
      err.attr("line") = e.where().line;
      err.attr("column") = e.where().column;
      err.attr("field") = e.where().field;
      err.attr("reason") = e.reason();
      PyErr_SetObject(input_error.ptr(), err.ptr());
    } catch (const ModelError& e) {
      PyErr_SetString(model_error.ptr(), e.what());
    }
  });
}

}  // namespace dbcost::py

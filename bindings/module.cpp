// The private extension module dbcost._dbcost; the public package re-exports it.
#include "register.h"

PYBIND11_MODULE(_dbcost, m) {
  m.doc() = "dbcost: simulate and allocate Databricks spend (C++ core)";
  dbcost::py::register_errors(m);
  dbcost::py::register_pricing(m);
  dbcost::py::register_scenario(m);
  dbcost::py::register_schedule(m);
  dbcost::py::register_chargeback(m);
  dbcost::py::register_bundle(m);
  dbcost::py::register_policy(m);
  dbcost::py::register_alerts(m);
  dbcost::py::register_calibrate(m);
  dbcost::py::register_cloudcost(m);
}

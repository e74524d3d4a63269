// One register_<area> per area of libcost; module.cpp calls them in order.
#pragma once

#include <pybind11/pybind11.h>

namespace dbcost::py {

void register_errors(pybind11::module_& m);
void register_pricing(pybind11::module_& m);
void register_scenario(pybind11::module_& m);
void register_schedule(pybind11::module_& m);
void register_chargeback(pybind11::module_& m);
void register_bundle(pybind11::module_& m);
void register_policy(pybind11::module_& m);
void register_alerts(pybind11::module_& m);
void register_calibrate(pybind11::module_& m);
void register_cloudcost(pybind11::module_& m);

}  // namespace dbcost::py

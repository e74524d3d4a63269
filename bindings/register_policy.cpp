// dbcost.Policy: a Databricks compute policy; check specs against it, apply or enforce it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>

#include "commands/other_commands.h"
#include "convert.h"
#include "policy/policy_apply.h"
#include "policy/policy_families.h"
#include "register.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

struct PyPolicy {
  std::shared_ptr<const Policy> policy;
};

::py::object to_python(const Json& j) { return json_to_python(nlohmann::json::parse(j.dump())); }

PolicyCommandOptions policy_options(const std::string& cluster_type, const std::optional<std::string>& cloud,
                                    const std::string& tier, const std::string& region,
                                    const std::optional<std::string>& prices,
                                    const std::optional<std::string>& instances,
                                    const std::optional<std::string>& photon_multipliers) {
  PolicyCommandOptions o;
  o.front = FrontEnd::Python;
  o.cluster_type = cluster_type;
  PricingKeywords pricing;
  pricing.cloud = cloud;
  pricing.tier = tier;
  pricing.region = region;
  pricing.prices = prices;
  pricing.instances = instances;
  pricing.photon_multipliers = photon_multipliers;
  o.pricing = pricing.options();
  return o;
}

PyPolicy from_python(const ::py::object& definition, const std::optional<std::string>& name) {
  std::string text;
  if (::py::isinstance<::py::str>(definition)) {
    text = definition.cast<std::string>();
  } else {
    text = ::py::module_::import("json").attr("dumps")(definition).cast<std::string>();
  }
  Policy p = parse_policy(text, "");
  if (name) p.name = *name;
  return {std::make_shared<const Policy>(std::move(p))};
}

Json spec_json(const ::py::object& spec) { return cluster_json(view_from_python(spec, "spec")); }

}  // namespace

void register_policy(pybind11::module_& m) {
  ::py::class_<PyPolicy>(m, "Policy",
                         "A Databricks compute policy (a definition, or a policy object with a definition or a policy "
                         "family and overrides); see docs/policy.md.")
      .def_static("from_json", &from_python, ::py::arg("definition"), ::py::kw_only(), ::py::arg("name") = ::py::none(),
                  "A policy from JSON text or a dict, in the policy language Databricks uses.")
      .def_static(
          "load", [](const std::string& path) { return PyPolicy{std::make_shared<const Policy>(load_policy(path))}; },
          ::py::arg("path"), "A policy from a JSON file; its name is the file's stem unless it has a `name`.")
      .def_static(
          "families",
          [] {
            ::py::list out;
            for (const auto& f : policy_families()) out.append(to_python(f.document()));
            return out;
          },
          "The policy families dbcost knows (scenarios/policies/families), as dicts.")
      .def_property_readonly(
          "name", [](const PyPolicy& p) { return p.policy->name; }, "The policy's name.")
      .def_property_readonly(
          "policy_id", [](const PyPolicy& p) { return p.policy->policy_id; }, "The policy_id field, or ''.")
      .def_property_readonly(
          "family_id", [](const PyPolicy& p) { return p.policy->family_id; }, "The policy_family_id, or ''.")
      .def_property_readonly(
          "hidden", [](const PyPolicy& p) { return p.policy->hidden_paths(); }, "Paths of the hidden rules.")
      .def_property_readonly(
          "notes",
          [](const PyPolicy& p) {
            std::vector<std::string> out;
            for (const auto& n : p.policy->notes) out.push_back(n.text());
            return out;
          },
          "What the policy says that dbcost read leniently (docs/policy.md), one line each.")
      .def_property_readonly(
          "definition", [](const PyPolicy& p) { return to_python(p.policy->definition_json()); },
          "The effective definition (family and overrides merged) as a dict.")
      .def(
          "check",
          [](const PyPolicy& self, const ::py::object& spec, const std::string& cluster_type,
             const std::optional<std::string>& cloud, const std::string& tier, const std::string& region,
             const std::optional<std::string>& prices, const std::optional<std::string>& instances,
             const std::optional<std::string>& photon_multipliers, const std::optional<std::string>& runtime_versions) {
            auto options = policy_options(cluster_type, cloud, tier, region, prices, instances, photon_multipliers);
            options.runtime_versions = runtime_versions.value_or("");
            const YamlView view = view_from_python(spec, "spec");
            ::py::list out;
            for (const auto& v : check_policy_spec(*self.policy, view, options)) {
              Json j = v.to_json();
              j["rule_text"] = v.rule->describe();
              out.append(to_python(j));
            }
            return out;
          },
          ::py::arg("spec"), ::py::arg("cluster_type") = "all-purpose", ::py::kw_only(),
          ::py::arg("cloud") = ::py::none(), ::py::arg("tier") = "premium", ::py::arg("region") = "",
          ::py::arg("prices") = ::py::none(), ::py::arg("instances") = ::py::none(),
          ::py::arg("photon_multipliers") = ::py::none(), ::py::arg("runtime_versions") = ::py::none(),
          R"doc(Every violation of the policy by a cluster spec (a ``new_cluster`` dict, YAML/JSON text or a path).

Returns a list of dicts: ``path``, ``rule`` (the rule as a dict), ``rule_text`` (as the CLI prints it),
``actual`` (None when ``missing``), ``missing`` and ``message``. ``cluster_type`` is all-purpose, job or
dlt. ``dbus_per_hour`` is computed from the instance catalog and Photon multipliers (built-in, or the
given files) for ``cloud`` (default: the spec's attributes block, else azure). ``auto:`` spark_version
aliases resolve against ``runtime_versions`` (a CSV path; default the built-in list).)doc")
      .def(
          "apply",
          [](const PyPolicy& self, const ::py::object& spec, bool enforce, bool apply_default_values,
             const std::string& cluster_type, const std::optional<std::string>& cloud, const std::string& tier,
             const std::string& region, const std::optional<std::string>& prices,
             const std::optional<std::string>& instances, const std::optional<std::string>& photon_multipliers,
             const std::optional<std::string>& runtime_versions) {
            auto options = policy_options(cluster_type, cloud, tier, region, prices, instances, photon_multipliers);
            options.runtime_versions = runtime_versions.value_or("");
            return to_python(applied_json(
                apply_policy_command(*self.policy, spec_json(spec), enforce, apply_default_values, options)));
          },
          ::py::arg("spec"), ::py::kw_only(), ::py::arg("enforce") = false, ::py::arg("apply_default_values") = true,
          ::py::arg("cluster_type") = "all-purpose", ::py::arg("cloud") = ::py::none(), ::py::arg("tier") = "premium",
          ::py::arg("region") = "", ::py::arg("prices") = ::py::none(), ::py::arg("instances") = ::py::none(),
          ::py::arg("photon_multipliers") = ::py::none(), ::py::arg("runtime_versions") = ::py::none(),
          R"doc(The spec the policy makes of ``spec``, as ``dbcost policy apply`` prints it.

Returns a dict: ``spec`` (the effective new_cluster), ``hidden`` (paths of hidden rules), ``changes``
(``path``, ``before``, ``after``, ``reason``) and ``violations`` (those the result still has).
``apply_default_values=False`` applies fixed values only, as the API does without
apply_policy_default_values. ``enforce=True`` makes every rule hold where it can: values clamped to
ranges, replaced from allowlists, forbidden attributes removed, workers lowered to fit a
``dbus_per_hour`` maxValue.)doc")
      .def("__repr__", [](const PyPolicy& p) {
        return "<dbcost.Policy '" + p.policy->name + "': " + std::to_string(p.policy->rules.size()) + " rules>";
      });
}

}  // namespace dbcost::py

"""dbcost.Policy: check, apply and enforce against hand-computed figures, and the CLI's JSON."""
import json
import subprocess

import pytest

import dbcost

# Verbatim from the compute policy reference, https://docs.databricks.com/aws/en/admin/clusters/policy-definition.
REFERENCE = {
    "autotermination_minutes": {"type": "unlimited", "defaultValue": 4320, "isOptional": True},
    "instance_pool_id": {"type": "forbidden", "hidden": True},
    "runtime_engine": {"type": "fixed", "value": "PHOTON", "hidden": True},
}
D8_PHOTON = {"node_type_id": "Standard_D8s_v3", "runtime_engine": "PHOTON",
             "autoscale": {"min_workers": 2, "max_workers": 8}}


def test_from_dict_and_properties():
    p = dbcost.Policy.from_json(REFERENCE, name="photon")
    assert p.name == "photon"
    assert p.hidden == ["instance_pool_id", "runtime_engine"]
    assert p.definition == REFERENCE
    assert "3 rules" in repr(p)


def test_check_lists_every_violation():
    p = dbcost.Policy.from_json(json.dumps(REFERENCE))
    vs = p.check({"node_type_id": "Standard_DS3_v2", "runtime_engine": "STANDARD", "instance_pool_id": "pool-1"})
    assert [(v["path"], v["actual"], v["message"]) for v in vs] == [
        ("instance_pool_id", "pool-1", "must not be set"),
        ("runtime_engine", "STANDARD", "must be PHOTON"),
    ]
    assert vs[1]["rule"] == {"type": "fixed", "value": "PHOTON", "hidden": True}
    assert vs[1]["rule_text"] == "fixed(value=PHOTON)"
    assert p.check({"node_type_id": "Standard_DS3_v2", "num_workers": 1}) == []


def test_dbus_per_hour_by_hand():
    p = dbcost.Policy.from_json({"dbus_per_hour": {"type": "range", "maxValue": 20}})
    # instances.csv Standard_D8s_v3 1.5 DBU/h; photon_multipliers.csv AZURE all-purpose 2.0, job 2.5.
    # (1 + 8) x 1.5 x 2.0 = 27; as a job (1 + 8) x 1.5 x 2.5 = 33.75.
    assert p.check(D8_PHOTON)[0]["actual"] == 27
    assert p.check(D8_PHOTON, "job")[0]["actual"] == 33.75
    assert p.check(D8_PHOTON, cluster_type="job", cloud="azure")[0]["missing"] is False


def test_missing_attribute():
    p = dbcost.Policy.from_json({"autotermination_minutes": {"type": "range", "minValue": 10, "maxValue": 120}})
    (v,) = p.check("node_type_id: Standard_DS3_v2\n")
    assert v["missing"] is True and v["actual"] is None


def test_apply_and_enforce_round_trip():
    p = dbcost.Policy.from_json({"dbus_per_hour": {"type": "range", "maxValue": 20},
                                 "autotermination_minutes": {"type": "range", "minValue": 10, "maxValue": 120,
                                                             "defaultValue": 60}})
    applied = p.apply(D8_PHOTON)
    assert applied["spec"]["autotermination_minutes"] == 60
    assert [v["path"] for v in applied["violations"]] == ["dbus_per_hour"]
    enforced = p.apply(dict(D8_PHOTON, autotermination_minutes=0), enforce=True)
    # 3 DBU/h per node: 3 + 5 x 3 = 18 <= 20; the minimum follows the maximum down.
    assert enforced["spec"]["autoscale"] == {"min_workers": 2, "max_workers": 5}
    assert enforced["spec"]["autotermination_minutes"] == 10
    assert enforced["violations"] == []
    assert p.check(enforced["spec"]) == []
    fixed_only = p.apply(D8_PHOTON, apply_default_values=False)
    assert "autotermination_minutes" not in fixed_only["spec"]


def test_families_and_load(root):
    ids = [f["policy_family_id"] for f in dbcost.Policy.families()]
    assert ids == ["personal-vm", "shared-compute", "power-user", "job-cluster", "shared-data-science"]
    p = dbcost.Policy.load(str(root / "scenarios/policies/personal_compute.json"))
    assert p.family_id == "personal-vm"
    assert p.apply({"node_type_id": "Standard_DS4_v2"})["spec"]["num_workers"] == 0


def test_errors_are_located(root):
    with pytest.raises(dbcost.InputError) as e:
        dbcost.Policy.load(str(root / "tests/policy/data/unknown_type.json"))
    assert e.value.line == 3 and e.value.column == 5
    assert e.value.reason == "unknown rule type 'rnage' (did you mean 'range'?)"
    with pytest.raises(dbcost.InputError, match="did you mean 'maxValue'"):
        dbcost.Policy.from_json({"num_workers": {"type": "range", "maxvalue": 3}})


def test_apply_matches_the_cli(cli, root):
    policy = root / "scenarios/policies/cost_guard.json"
    spec = root / "scenarios/specs/etl_d8s_photon_spot.json"
    out = subprocess.run([cli, "policy", "apply", "--policy", str(policy), "--enforce", "--cluster-type", "job",
                          str(spec)], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == dbcost.Policy.load(str(policy)).apply(str(spec), enforce=True, cluster_type="job")


def test_scenario_policies_are_checked_and_a_variant_enforces_one(root):
    path = str(root / "scenarios" / "guarded_platform.yaml")
    base = dbcost.Scenario.load(path)
    v = base.policy_violations
    assert list(v["cluster"]) == ["hourly_features/wide"]
    assert list(v["path"]) == ["dbus_per_hour"]
    assert list(v["actual"]) == ["33.75"]  # 9 x Standard_D8s_v3 at 1.5 DBU/h x 2.5 Photon
    enforced = base.variant("cost_guard_everywhere")
    assert len(enforced.policy_violations) == 0
    assert len(enforced.policy_notes) == 3
    base_total = base.run().to_json()["total"]["total_cost"]
    enforced_total = enforced.run().to_json()["total"]["total_cost"]
    assert enforced_total < base_total
    assert base.run().to_json()["policy_violations"][0]["message"] == "must be at most 12"

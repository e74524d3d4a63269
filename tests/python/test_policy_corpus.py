"""Real public cluster policies (tests/data/policies/real/README.md): each loads and checks a small cluster."""
import json
import subprocess

import pytest

from conftest import ROOT

REAL = sorted((ROOT / "tests/data/policies/real").glob("*.json"))
# A small job cluster every policy of the corpus accepts or reports on, never refuses.
SPEC = {"spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1}


def test_corpus_size():
    assert len(REAL) >= 25


@pytest.mark.parametrize("policy", REAL, ids=[p.stem for p in REAL])
def test_real_policy_is_read_and_checked(cli, tmp_path, policy):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    r = subprocess.run([cli, "policy", "check", "--policy", str(policy), "--cluster-type", "all-purpose",
                        "--format", "json", str(spec)], capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr  # 1 = violations found; a refusal exits 2
    assert "error" not in r.stderr.lower(), r.stderr
    json.loads(r.stdout)


def test_lenient_policy_notes_from_python():
    import dbcost

    p = dbcost.Policy.from_json({"runtime_engine": {"type": "fixed", "value": "PHOTON", "hidden": "true"},
                                 "spark_version": {"type": "unlimited", "value": "15.4.x-scala2.12"}})
    assert p.hidden == ["runtime_engine"]
    # A dict is read as JSON text: the notes carry <input>:line:column.
    assert [n.split(": ", 1)[1] for n in p.notes] == [
        'runtime_engine.hidden: "hidden" is the string "true": read as true',
        'spark_version.value: "value" does not apply to an unlimited rule: ignored (a default is "defaultValue")',
    ]
    assert all(n.startswith("<input>:1:") for n in p.notes)


def test_runtime_versions_keyword(root):
    import dbcost

    p = dbcost.Policy.from_json({"spark_version": {"type": "fixed", "value": "auto:latest-lts"}})
    csv = str(root / "tests/data/policies/runtime/runtime_versions_2024.csv")
    # The 2024 list's newest LTS is 14.3 (hand-picked file), whatever today is.
    assert p.check({"node_type_id": "Standard_DS3_v2", "num_workers": 1, "spark_version": "14.3.x-scala2.12"},
                   runtime_versions=csv) == []
    vs = p.check({"node_type_id": "Standard_DS3_v2", "num_workers": 1, "spark_version": "15.4.x-scala2.12"},
                 runtime_versions=csv)
    assert [v["message"] for v in vs] == ["must be 14.3.x-scala2.12"]


# One fact per policy, worked out by hand from the policy text (README.md gives each source).
RUNTIMES_2024 = "tests/data/policies/runtime/runtime_versions_2024.csv"  # LTS 13.3 and 14.3; 15.3 not LTS


def _load(name):
    import dbcost

    return dbcost.Policy.load(str(ROOT / "tests/data/policies/real" / name))


def _messages(violations):
    return [(v["path"], v["message"]) for v in violations]


def test_every_corpus_file_has_a_source():
    readme = (ROOT / "tests/data/policies/real/README.md").read_text()
    rows = {line.split("|")[1].strip() for line in readme.splitlines() if line.startswith("| ") and ".json" in line}
    assert rows == {p.name for p in REAL}


def test_team_a_sdp_override_replaces_the_job_family_cluster_type():
    p = _load("tfex_cluster_policies_team_a_sdp.json")
    assert p.family_id == "job-cluster"
    # The override's allowlist replaces the family's fixed "job"; the family's spark_version default is
    # replaced by an allowlist of the two newest LTS aliases: 14.3 and 13.3 in the 2024 list.
    assert p.definition["cluster_type"] == {"type": "allowlist", "values": ["dlt"]}
    spec = {"spark_version": "15.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1}
    assert _messages(p.check(spec, "job", runtime_versions=str(ROOT / RUNTIMES_2024))) == [
        ("cluster_type", "must be one of dlt"),
        ("spark_version", "must be one of 14.3.x-scala2.12, 13.3.x-scala2.12"),
    ]
    spec["spark_version"] = "13.3.x-scala2.12"
    assert p.check(spec, "dlt", runtime_versions=str(ROOT / RUNTIMES_2024)) == []


def test_team_b_power_user_takes_the_policy_specific_autotermination():
    p = _load("tfex_cluster_policies_team_b_power_user.json")
    out = p.apply({"spark_version": "14.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 2},
                  runtime_versions=str(ROOT / RUNTIMES_2024))
    # 60 from policy_overrides beats the module's 30; SINGLE_USER comes from the power-user family.
    assert out["spec"]["autotermination_minutes"] == 60
    assert out["spec"]["data_security_mode"] == "SINGLE_USER"
    assert out["spec"]["custom_tags"] == {"environment": "prod", "team": "teamB"}
    assert sorted(p.hidden) == ["autotermination_minutes", "data_security_mode"]
    assert out["violations"] == []


def test_department_fair_use_dbus_cap():
    p = _load("tfex_department_clusters_fair_use.json")
    spec = {"spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 20}
    # Standard_DS3_v2 is 0.75 DBU/h: (20 + 1) x 0.75 = 15.75 > 10.
    vs = p.check(spec)
    assert [(v["path"], v["actual"], v["message"]) for v in vs] == [("dbus_per_hour", 15.75, "must be at most 10")]
    # Enforced: 13 nodes x 0.75 = 9.75 <= 10 < 14 x 0.75, so 12 workers; the hidden driver type is fixed.
    out = p.apply(spec, enforce=True)
    assert out["spec"]["num_workers"] == 12
    assert out["spec"]["driver_node_type_id"] == "Standard_DS3_v2"
    assert out["spec"]["custom_tags"] == {"Team": "Data Analytics"}


def test_sra_gcp_example_policy():
    p = _load("sra_gcp_example_cluster_policy.json")
    spec = {"spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 12}
    out = p.apply(spec)
    assert out["spec"]["autotermination_minutes"] == 60
    assert out["spec"]["custom_tags"] == {"Example": "databricks"}
    assert out["violations"] == []  # 13 x 0.75 = 9.75 DBU/h
    spec["num_workers"] = 13  # 14 x 0.75 = 10.5 DBU/h
    assert [(v["actual"], v["message"]) for v in p.check(spec)] == [(10.5, "must be at most 10")]


def test_uc_single_user_runtime_pattern():
    p = _load("ucsetup_uc_single_user.json")
    ok = {"spark_version": "11.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1,
          "single_user_name": "someone@example.com"}
    assert p.check(ok) == []
    # 1[0-1]\.[0-9].* admits 10.x and 11.x only.
    assert _messages(p.check({**ok, "spark_version": "12.2.x-scala2.12"})) == [
        ("spark_version", "must match 1[0-1]\\.[0-9].*")]
    assert p.apply(ok)["spec"]["spark_conf"] == {"spark.databricks.dataLineage.enabled": "true"}


def test_uc_user_isolation_refuses_ml_runtimes():
    p = _load("ucsetup_uc_user_isolation.json")
    spec = {"spark_version": "11.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1}
    assert p.check(spec) == []
    # 1[0-1]\.[0-9]*\.x-scala.* needs "x-scala" right after the version: the ML runtime does not match.
    assert _messages(p.check({**spec, "spark_version": "11.3.x-cpu-ml-scala2.12"})) == [
        ("spark_version", "must match 1[0-1]\\.[0-9]*\\.x-scala.*")]
    assert p.apply(spec)["spec"]["data_security_mode"] == "USER_ISOLATION"


def test_uc_multi_lang_user_name_and_default_runtime():
    p = _load("ucsetup_uc_multi_lang.json")
    spec = {"node_type_id": "Standard_DS3_v2", "num_workers": 1, "single_user_name": "first.last@example.com"}
    out = p.apply(spec)
    assert out["spec"]["spark_version"] == "10.3.x-scala2.12"  # the defaultValue
    assert out["violations"] == []
    bad = {**spec, "spark_version": "10.4.x-scala2.12", "single_user_name": "first.last"}
    assert _messages(p.check(bad)) == [
        ("single_user_name", "must match ([a-zA-Z0-9+._-]+@[a-zA-Z0-9._-]+\\.[a-zA-Z0-9_-]+)")]


def test_ucx_personal_compute_definition():
    p = _load("ucx_single_user_with_spn.json")
    out = p.apply({"spark_version": "15.4.x-scala2.12"})
    spec = out["spec"]
    # Fixed: no workers, single node, STANDARD engine, on-demand; defaults: the node type, SINGLE_USER, 72 h.
    assert (spec["num_workers"], spec["node_type_id"], spec["runtime_engine"]) == (0, "Standard_DS3_v2", "STANDARD")
    assert (spec["data_security_mode"], spec["autotermination_minutes"]) == ("SINGLE_USER", 4320)
    assert spec["azure_attributes"] == {"availability": "ON_DEMAND_AZURE"}
    assert out["violations"] == []
    assert _messages(p.check({**spec, "node_type_id": "Standard_E8_v3"})) == [
        ("node_type_id", "must be one of Standard_DS3_v2, Standard_DS4_v2, Standard_DS5_v2, Standard_NC4as_T4_v3")]


def test_ucx_ext_hms_hidden_strings_are_warnings():
    p = _load("ucx_ext_hms.json")
    assert p.name == "ext_hms"
    # Six rules of five lines each from line 3; "hidden" is each rule's fourth line, indented 6.
    assert [n.split("ucx_ext_hms.json:", 1)[1].split(": ", 1)[0] for n in p.notes] == [
        "6:7", "11:7", "16:7", "21:7", "26:7", "31:7"]
    assert all(n.endswith('"hidden" is the string "true": read as true') for n in p.notes)
    assert len(p.hidden) == 6


def test_ucx_installer_policy_defaults():
    p = _load("ucx_installer_azure_hms.json")
    out = p.apply({"num_workers": 1})
    spec = out["spec"]
    assert (spec["spark_version"], spec["node_type_id"]) == ("14.2.x-scala2.12", "Standard_F4s")
    assert spec["spark_conf"]["spark.sql.hive.metastore.version"] == "0.13"
    assert len(spec["spark_conf"]) == 6
    assert spec["azure_attributes"] == {"availability": "ON_DEMAND_AZURE"}


def test_exporter_pool_policy_drops_the_node_type():
    p = _load("tf_exporter_codegen_secrets_pools.json")
    out = p.apply({"spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1})
    spec = out["spec"]
    assert "node_type_id" not in spec  # a fixed instance_pool_id: the pool gives the node type
    assert (spec["instance_pool_id"], spec["driver_instance_pool_id"]) == ("pool1", "pool2")
    assert spec["spark_conf"] == {"k1": "{{secrets/scopeA/keyA}}", "k2": "{{secrets/scopeB/keyB}}"}
    assert spec["init_scripts"] == [{"dbfs": {"destination": "dbfs:/FileStore/init.sh"}}]

"""Real public cluster policies (tests/data/policies/real/README.md): each loads and checks a small cluster."""
import json
import subprocess

import pytest

from conftest import ROOT

REAL = sorted((ROOT / "tests/data/policies/real").glob("*.json"))
# A small job cluster every policy of the corpus accepts or reports on, never refuses.
SPEC = {"spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1}


def test_corpus_size():
    assert len(REAL) >= 14


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

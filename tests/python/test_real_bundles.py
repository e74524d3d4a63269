"""Real public bundles (tests/data/bundles/real, from databricks/bundle-examples): every target is
estimated, and every resource the YAML defines is in the output, priced or listed as not priced."""

import glob
import json
import os
import subprocess

import pytest
import yaml

ROOT = os.path.join(os.path.dirname(__file__), "..", "data", "bundles", "real")
BUNDLES = sorted(
    os.path.relpath(d, ROOT) for d, _, files in os.walk(ROOT) if "databricks.yml" in files
)
# (bundle, target) -> what the refusal says; see the README.
REFUSED = {
    ("bundle-examples/knowledge_base/target_includes", "dev"): "unknown variable 'environment'",
    ("bundle-examples/knowledge_base/target_includes", "staging"): "unknown variable 'environment'",
}

# Variables a root requires without a default (each bundle's databricks.yml marks them "# Required"
# in a commented-out target); without them the CLI refuses too ("no value assigned to required variable").
MONITORING = "bundle-examples/contrib/databricks_ingestion_monitoring/"
REQUIRED_VARS = {
    MONITORING + "cdc_connector_monitoring_dab": ["main_dashboard_template_path=dashboards/template.lvdash.json"],
    MONITORING + "generic_sdp_monitoring_dab": ["main_dashboard_template_path=dashboards/template.lvdash.json"],
}


def load(path):
    with open(path) as f:
        return yaml.safe_load(f) or {}


def targets(bundle):
    return list((load(os.path.join(ROOT, bundle, "databricks.yml")).get("targets") or {"": None}).keys())


def expected_names(bundle, target):
    """Resource names from the root, its includes and the target's resources (PyYAML reads merge keys)."""
    root_dir = os.path.join(ROOT, bundle)
    docs = [load(os.path.join(root_dir, "databricks.yml"))]
    for pattern in docs[0].get("include") or []:
        docs += [load(p) for p in sorted(glob.glob(os.path.join(root_dir, pattern)))]
    names = set()
    for doc in docs:
        for section in [doc.get("resources"), ((doc.get("targets") or {}).get(target) or {}).get("resources")]:
            for kind, items in (section or {}).items():
                names |= {(kind, name) for name in (items or {})}
    python = docs[0].get("python") or (docs[0].get("experimental") or {}).get("python") or {}
    if python.get("resources"):
        names.add(("python", "(python)"))
    return sorted(name for _, name in names)


CASES = [(b, t) for b in BUNDLES for t in targets(b)]


@pytest.mark.parametrize("bundle,target", CASES, ids=[f"{b}-{t or 'default'}" for b, t in CASES])
def test_real_bundle_estimates_every_resource(cli, bundle, target):
    cmd = [cli, "estimate", os.path.join(ROOT, bundle), "--month", "2026-04", "--format", "json"]
    if target:
        cmd += ["--target", target]
    for assignment in REQUIRED_VARS.get(bundle, []):
        cmd += ["--var", assignment]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if (bundle, target) in REFUSED:
        assert r.returncode == 2
        assert REFUSED[(bundle, target)] in r.stderr
        return
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert sorted(res["name"] for res in out["resources"]) == expected_names(bundle, target)
    for res in out["resources"]:
        if not res["priced"]:
            assert res["notes"], res  # a reason for every resource left out of the total


def test_corpus_covers_the_classes():
    assert len([b for b in BUNDLES if b.startswith("bundle-examples/")]) == 44  # every root at a4c43ad0
    assert len(CASES) >= 60


@pytest.mark.parametrize("bundle", sorted(REQUIRED_VARS))
def test_required_variable_without_a_value_is_refused_with_every_remedy(cli, bundle):
    r = subprocess.run([cli, "estimate", os.path.join(ROOT, bundle), "--month", "2026-04"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "common/resources/post_deploy.job.yml:21:40:" in r.stderr
    assert (
        "variable 'main_dashboard_template_path' has no value: give --var main_dashboard_template_path=..., "
        "BUNDLE_VAR_main_dashboard_template_path, .databricks/bundle/default/variable-overrides.json" in r.stderr
    )

"""The public package: stubs that match the extension, a docstring on everything public, keyword
arguments everywhere, and located errors raised as Python exceptions."""
import inspect
import os
import pathlib
import re
import subprocess
import sys

import pytest

import dbcost

SOURCE = pathlib.Path(os.environ.get("DBCOST_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
STUBS = SOURCE / "bindings" / "dbcost" / "_dbcost.pyi"


def public_callables():
    """(qualified name, object) for every public function, class and method that dbcost exports."""
    seen = []
    modules = [dbcost, dbcost.alerts]
    for module in modules:
        for name, obj in vars(module).items():
            if name.startswith("_") or inspect.ismodule(obj):
                continue
            if not (inspect.isclass(obj) or callable(obj)):
                continue
            owner = getattr(obj, "__module__", "") or ""
            if not owner.startswith("dbcost"):
                continue
            seen.append((f"{module.__name__}.{name}", obj))
            if inspect.isclass(obj) and not issubclass(obj, BaseException):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") and attr not in ("__init__",):
                        continue
                    if attr == "__init__" and not hasattr(member, "__doc__"):
                        continue
                    seen.append((f"{module.__name__}.{name}.{attr}", member))
    return seen


def docstring(obj):
    """The text a user reads: a property's own doc (its getter's is only pybind11's signature), else
    the docstring without pybind11's signature lines."""
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    text = (getattr(obj, "__doc__", None) or "").strip()
    if isinstance(obj, property):
        return text
    lines = [line for line in text.splitlines()
             if not re.match(r"^(\d+\. )?\w*\(.*\)( -> .+)?$", line.strip()) and line.strip() != "Overloaded function."]
    return "\n".join(lines).strip()


def test_every_public_name_has_a_docstring():
    missing = [name for name, obj in public_callables() if not docstring(obj)]
    assert not missing, f"no docstring: {missing}"


def test_pybind_signatures_name_every_argument():
    """pybind11 writes arg0, arg1 for an argument bound without py::arg: no keyword call possible."""
    positional = [name for name, obj in public_callables()
                  if not isinstance(obj, property) and "arg0" in (getattr(obj, "__doc__", None) or "")]
    assert not positional, f"arguments without names: {positional}"


def test_keyword_arguments_work():
    scenario = dbcost.Scenario.load(path=str(SOURCE / "scenarios" / "travel_platform.yaml"))
    result = scenario.run(trials=20, seed=3, threads=1)
    again = scenario.run(seed=3, threads=2, trials=20)
    assert result.samples["total_cost"].tolist() == again.samples["total_cost"].tolist()


def test_located_error_is_a_python_exception(tmp_path):
    text = (SOURCE / "scenarios" / "travel_platform.yaml").read_text()
    line = text.splitlines().index("  bi: {monthly_budget: 4000}") + 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("bi: {monthly_budget: 4000}", "bi: {monthly_budgt: 4000}"))
    with pytest.raises(dbcost.InputError) as raised:
        dbcost.Scenario.load(str(bad))
    error = raised.value
    assert isinstance(error, ValueError)
    assert str(error) == (f"{bad}:{line}:8: teams.bi.monthly_budgt: unknown key 'monthly_budgt' "
                          "(did you mean 'monthly_budget'?)")
    assert (error.file, error.line, error.column, error.field) == (str(bad), line, 8, "teams.bi.monthly_budgt")


def test_stub_file_is_shipped_and_typed():
    assert STUBS.exists()
    assert (SOURCE / "bindings" / "dbcost" / "py.typed").exists()
    text = STUBS.read_text()
    for name in ("class Scenario", "class Result", "class Bundle", "class Policy", "def calibrate("):
        assert name in text, name


def test_stub_file_matches_the_extension():
    """Regenerated from the built module, the stubs equal the stored ones (`make stubs` rewrites them)."""
    made = subprocess.run([sys.executable, str(SOURCE / "scripts" / "make_stubs.py")], env=dict(os.environ),
                          check=True, capture_output=True, text=True)
    assert made.stdout == STUBS.read_text(), "bindings/dbcost/_dbcost.pyi is stale: run `make stubs`"
    assert "*args: Any" not in made.stdout, "a signature pybind11 gave could not be read"

"""The type stubs (annals/_annals.pyi, py.typed): mypy --strict accepts the package and a typed
client of it, and mypy.stubtest finds the stubs in step with the built extension."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import annals

PACKAGE_SOURCE = Path(annals.__file__).parent
CLIENT = Path(__file__).with_name("typed_client.py")
ALLOWLIST = Path(__file__).with_name("stubtest_allowlist.txt")


def installed_layout(tmp_path: Path) -> Path:
    """A folder holding the package as `cmake --install` lays it out: the sources, the stubs,
    py.typed and the built extension inside annals/ (in the build tree it sits beside it)."""
    package = tmp_path / "annals"
    package.mkdir()
    for name in ("__init__.py", "_annals.pyi", "py.typed"):
        shutil.copy(PACKAGE_SOURCE / name, package / name)
    extension = Path(annals._annals.__file__)
    shutil.copy(extension, package / extension.name)
    return tmp_path


def run_mypy(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MYPYPATH=str(root), PYTHONPATH=str(root))
    return subprocess.run([sys.executable, "-m", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_typing_strict_mypy_accepts_the_package_and_a_typed_client(tmp_path):
    root = installed_layout(tmp_path)
    shutil.copy(CLIENT, root / CLIENT.name)
    # The package is named as a source: found through MYPYPATH with py.typed, mypy would treat
    # it as installed and keep quiet about errors inside it (a stub that __init__.py misuses).
    result = run_mypy(root, "mypy", "--strict", "--no-incremental", CLIENT.name, "annals")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_typing_stubtest_finds_the_stubs_in_step_with_the_extension(tmp_path):
    root = installed_layout(tmp_path)
    result = run_mypy(root, "mypy.stubtest", "--allowlist", str(ALLOWLIST), "annals._annals")
    assert result.returncode == 0, result.stdout + result.stderr


def runtime_parameters(function: object) -> list[tuple[str, bool]]:
    """(name, has a default) of each parameter but self, from the signature pybind11 writes as
    the first line of a function's docstring: "remove(self: annals._annals.Archive, id: str)"."""
    doc = (function.__doc__ or "").lstrip().splitlines()[0]
    inside = doc[doc.index("(") + 1 : doc.rindex(") ->")]
    parameters, depth, current = [], 0, ""
    for char in inside + ",":  # split at the commas outside brackets
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parameters.append(current.strip())
            current = ""
        else:
            current += char
    return [(p.split(":")[0], " = " in p) for p in parameters if p and not p.startswith("self:")]


def stub_parameters(node: ast.FunctionDef) -> list[tuple[str, bool]]:
    args = node.args.args
    with_default = len(args) - len(node.args.defaults)
    return [(a.arg, i >= with_default) for i, a in enumerate(args) if a.arg != "self"]


def test_typing_stub_parameters_match_the_extension():
    # stubtest cannot read the signatures of pybind11 functions; pybind11 writes them in the
    # docstrings, so compare names and defaults here.
    tree = ast.parse((PACKAGE_SOURCE / "_annals.pyi").read_text())
    checked = 0
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            scopes = [(node, annals._annals)]
        elif isinstance(node, ast.ClassDef) and hasattr(annals._annals, node.name):
            runtime_class = getattr(annals._annals, node.name)  # _RawHit etc. are stub-only
            scopes = [(f, runtime_class) for f in node.body
                      if isinstance(f, ast.FunctionDef) and not f.decorator_list]
        else:
            continue
        for function, owner in scopes:
            runtime = runtime_parameters(getattr(owner, function.name))
            assert stub_parameters(function) == runtime, f"{function.name}: stub differs from {runtime}"
            checked += 1
    assert checked >= 20  # every function and method of the stub (properties apart)

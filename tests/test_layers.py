"""The layers of docs/architecture.md hold: import-linter's contracts (pyproject.toml)
pass, each pure package imports without Textual or Rich, and the contracts do fail when
a layer imports upward (checked on a copy of the package)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = ["reader.text", "reader.lang", "reader.annotated", "reader.study"]


def lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_are_kept():
    proc = lint_imports(ROOT, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 kept, 0 broken" in proc.stdout


@pytest.mark.parametrize("package", PURE)
def test_a_pure_package_imports_without_textual_or_rich(package):
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"package = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout))
    assert not loaded & {"textual", "rich"}, f"{package} pulls in {loaded & {'textual', 'rich'}}"


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("lang/hsk.py", "import textual", "The pure core never imports Textual or Rich"),
        ("text/model.py", "import reader.lang.pinyin", "Layers run one way"),
        ("study/quiz.py", "import reader.tui.settings", "Layers run one way"),
    ],
)
def test_an_upward_import_breaks_a_contract(tmp_path, module, line, broken):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "reader", copy / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "reader" / module
    target.write_text(target.read_text("utf-8") + f"\n{line}\n", "utf-8")
    proc = lint_imports(copy, copy)
    assert proc.returncode != 0
    assert broken in proc.stdout and "BROKEN" in proc.stdout

"""The layers of design.md §2 are an import-linter contract (pyproject.toml) that the test command runs; these
tests prove the contracts hold on the code and that they would catch a breach."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "HOME": str(root)},
    )


def copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ntm", tmp_path / "ntm", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_an_upward_import_breaks_the_layers_contract(tmp_path):
    root = copy_of_the_code(tmp_path)
    add_line(root / "ntm" / "units" / "apps.py", "from ntm.programme import models as _upward  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "ntm.units.apps -> ntm.programme.models" in result.stdout


def test_two_apps_of_one_layer_may_not_import_each_other(tmp_path):
    root = copy_of_the_code(tmp_path)
    add_line(root / "ntm" / "surveys" / "apps.py", "from ntm.recognition import models as _sideways  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "ntm.surveys.apps -> ntm.recognition.models" in result.stdout


def test_a_pure_module_that_imports_django_breaks_its_contract(tmp_path):
    root = copy_of_the_code(tmp_path)
    add_line(root / "ntm" / "criteria" / "engine.py", "import django.db  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "ntm.criteria.engine -> django" in result.stdout


def test_only_core_reads_excel_toml_and_word_files(tmp_path):
    root = copy_of_the_code(tmp_path)
    add_line(root / "ntm" / "surveys" / "apps.py", "import openpyxl  # noqa")
    add_line(root / "ntm" / "programme" / "apps.py", "import tomllib  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "ntm.surveys.apps -> openpyxl" in result.stdout
    assert "ntm.programme.apps -> tomllib" in result.stdout

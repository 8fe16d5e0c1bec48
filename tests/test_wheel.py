"""The built wheel works outside the checkout: migrations, models and the registry are
package data, so `quotes ingest` and `quotes said` run from a fresh environment."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "articles" / "02_johnson_reelected_mayor.txt"
CLI = "from quotes.cli import app; app()"


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory) -> Path:
    """A fresh virtual environment with the built wheel installed (its dependencies come
    from this environment's site-packages, so nothing is downloaded twice)."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp),
                  str(ROOT)])
    if built.returncode != 0:
        pytest.fail(f"building the wheel failed: {built.stderr[-2000:]}")
    [wheel] = tmp.glob("quotes-*.whl")
    venv = tmp / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    assert _run([base, "-m", "venv", "--without-pip", str(venv)]).returncode == 0
    python = venv / "bin" / "python"
    target = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                        "['purelib'])"]).stdout.strip())
    installed = _run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                      str(target), str(wheel)])
    assert installed.returncode == 0, installed.stderr
    # dependencies (spaCy, the model, SQLModel ...) from this environment, after the wheel
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (target / "zz_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    return python


def test_wheel_ingests_and_answers_outside_the_checkout(wheel_env: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QUOTES_DB")}
    where = _run([str(wheel_env), "-c", "import quotes; print(quotes.__file__)"],
                 cwd=tmp_path, env=env)
    assert ROOT not in Path(where.stdout.strip()).parents, where.stdout  # the wheel's copy
    db = tmp_path / "quotes.db"
    ingest = _run([str(wheel_env), "-c", CLI, "ingest", "--db", str(db), str(FIXTURE)],
                  cwd=tmp_path, env=env)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    assert "1 added" in ingest.stdout
    said = _run([str(wheel_env), "-c", CLI, "said", "--db", str(db), "Ed Balls",
                 "--format", "json"], cwd=tmp_path, env=env)
    assert said.returncode == 0, said.stderr[-2000:]
    rows = json.loads(said.stdout)
    assert rows and all(row["speaker"] == "Ed Balls" for row in rows)


def test_wheel_carries_the_browsing_metadata_and_templates(wheel_env: Path, tmp_path: Path
                                                            ) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QUOTES_DB")}
    check = ("from quotes.web.app import TEMPLATES, metadata; "
             "names = sorted(p.name for p in TEMPLATES.glob('*.html')); "
             "print(TEMPLATES); print(' '.join(names)); print(metadata()['title'])")
    shown = _run([str(wheel_env), "-c", check], cwd=tmp_path, env=env)
    assert shown.returncode == 0, shown.stderr[-2000:]
    where, names, title = shown.stdout.strip().splitlines()
    assert ROOT not in Path(where).parents
    assert "quotes_quotation.html" in names.split() and "quotes_person.html" in names.split()
    assert title.startswith("quotes")

"""relbot as pip installs it: the wheel carries the migrations, the committee report's
template and no test code, and an installed relbot migrates a new database from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import inspect

from relbot.db import make_engine
from relbot.models import Base

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / "relbot" / "migrations"
PIP = (sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds, from a copy of the sources so the checkout gains no build files."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(
        ROOT / "relbot", source / "relbot", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("relbot-*.whl")
    return built


def test_the_wheel_carries_the_migrations_and_no_test_code(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = {
        f"relbot/migrations/{path.relative_to(MIGRATIONS).as_posix()}"
        for path in MIGRATIONS.rglob("*")
        if path.suffix in (".py", ".mako")
    }
    assert "relbot/migrations/script.py.mako" in migrations
    assert "relbot/migrations/versions/0001_initial_schema.py" in migrations
    assert migrations <= names
    # The committee report's template, without which `relbot report --html` cannot run.
    assert "relbot/cli/render/committee/templates/paper.html.j2" in names
    assert [name for name in names if name.startswith(("relbot/testing/", "standin/"))] == []


def test_an_installed_relbot_migrates_a_new_database_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # relbot's dependencies come from the tests' environment, added as a plain folder: its
    # .pth files, the editable relbot among them, are not read.
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    url = f"sqlite:///{elsewhere}/new.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELBOT_", "SLACK_", "PYTHON"))}
    env["RELBOT_DATABASE_URL"] = url
    where = subprocess.run(
        [python, "-c", "import relbot.migrate; print(relbot.migrate.__file__)"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(site)

    result = subprocess.run(
        [venv / "bin" / "relbot", "migrate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "Database is up to date.\n", "")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    finally:
        engine.dispose()

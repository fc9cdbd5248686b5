"""Spolu's two commands, needing nothing but Python 3.11.

    python3.11 dev.py serve   set everything up and serve http://127.0.0.1:5000 with demo data
    python3.11 dev.py test    set everything up and run the whole test suite

Both create .venv/ on first use and install the pinned requirements into it.
Extra arguments after `test` go to pytest (e.g. `python3.11 dev.py test -k proposals`).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_virtualenv(requirements: str) -> None:
    """Create .venv and install requirements unless they are installed already."""
    if sys.version_info[:2] < (3, 11):  # noqa: UP036  (dev.py may be run by an older python3)
        sys.exit("Spolu needs Python 3.11 or newer: run this with python3.11.")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", requirements)
    stamp.write_text(digest.hexdigest())


def flask(*args, env=None) -> None:
    run(PYTHON, "-m", "flask", "--app", "participation:create_app", *args, env=env)


def ensure_browser_tools() -> None:
    """axe-core for the accessibility checks, from the npm registry, when npm is present."""
    if not (Path("/usr/bin/chromium").exists() or shutil.which("chromium") or os.environ.get("SPOLU_CHROMIUM")):
        print("Chromium not found: browser tests will be skipped (apt-get install chromium).")
    if (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists():
        return
    if shutil.which("npm"):
        run("npm", "install", "--no-audit", "--no-fund", "--silent")
    else:
        print("npm not found: browser accessibility checks will be skipped.")


def serve() -> None:
    ensure_virtualenv("requirements.txt")
    env = dict(os.environ)
    flask("translations", "compile", env=env)
    flask("db", "upgrade", "heads", env=env)
    flask("seed-demo", env=env)
    flask("static", "build", env=env)  # fingerprinted, compressed copies of static/ (WhiteNoise serves them)
    flask("run", "--host", "127.0.0.1", "--port", os.environ.get("PORT", "5000"), env=env)


def test(pytest_args: list[str]) -> int:
    ensure_virtualenv("requirements-dev.txt")
    ensure_browser_tools()
    run(PYTHON, "-m", "flask", "--app", "participation:create_app", "translations", "compile")
    workers = [] if any(a.startswith("-n") for a in pytest_args) else ["-n", "2"]
    # -rs lists every skipped test with its reason (e.g. "browser tests skipped: Chromium not found").
    completed = subprocess.run([str(PYTHON), "-m", "pytest", "-rs", *workers, *pytest_args], cwd=ROOT)
    return completed.returncode


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"serve", "test"}:
        sys.exit(__doc__)
    if sys.argv[1] == "serve":
        serve()
    else:
        sys.exit(test(sys.argv[2:]))


if __name__ == "__main__":
    main()

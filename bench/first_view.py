"""Bytes a first view transfers: a page and every static file it links, as a browser asks for them.

    python bench/first_view.py                                # in process, demo data in a temporary SQLite
    python bench/first_view.py --no-build                     # the same without `flask static build`
    python bench/first_view.py --base-url http://127.0.0.1:5000   # against a running server

Each page (home, the proposal list, the first proposal and the first
municipality those lists link) is fetched with `Accept-Encoding: br, gzip`, then
every stylesheet, script and icon its <head> links, once each, as a browser
with an empty cache would. The figures are body bytes as sent (compressed when
the server compressed them); headers are left out (about 0.5 KB a response).
"""

import argparse
import os
import re
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')
HEADERS = {"Accept-Encoding": "br, gzip", "Accept-Language": "cs"}


class InProcess:
    """The app with demo data in a throw-away SQLite database, asked through its test client."""

    def __init__(self, build: bool):
        from config import Config

        instance = tempfile.mkdtemp(prefix="spolu-first-view-")

        class BenchConfig(Config):
            INSTANCE_DIR = instance
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance}/bench.sqlite"
            STATIC_BUILD_DIR = f"{instance}/static-build"
            RATELIMIT_ENABLED = False

        from participation import create_app
        from participation.extensions import db

        setup = create_app(BenchConfig)
        with setup.app_context():
            db.create_all()
        runner = setup.test_cli_runner()
        for command in [["translations", "compile"], ["seed-demo"]] + ([["static", "build"]] if build else []):
            result = runner.invoke(args=command)
            if result.exit_code:
                raise SystemExit(f"{' '.join(command)} failed:\n{result.output}")
        self.app = create_app(BenchConfig)  # a new app reads the fresh build
        self.client = self.app.test_client()

    def get(self, path: str) -> tuple[int, bytes, str]:
        self.client._cookies.clear()  # a first view: no cookie from an earlier page
        response = self.client.get(path, headers=HEADERS)
        return response.status_code, response.data, response.headers.get("Content-Encoding", "")


class Remote:
    """A running server."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")

    def get(self, path: str) -> tuple[int, bytes, str]:
        request = urllib.request.Request(self.base_url + path, headers=HEADERS)
        with urllib.request.urlopen(request) as response:
            return response.status, response.read(), response.headers.get("Content-Encoding") or ""


def targets(source) -> list[tuple[str, str]]:
    """The main pages: home, the proposal list, the first proposal and municipality the lists link."""
    listing = _decoded(*source.get("/podnety/")[1:])
    towns = _decoded(*source.get("/obce")[1:])
    proposal = re.search(r'href="(/podnety/\d+)"', listing).group(1)
    town = re.search(r'href="(/obce/\d+)"', towns).group(1)
    return [("home", "/"), ("proposal list", "/podnety/"), ("proposal page", proposal), ("municipality page", town)]


def measure(source, path: str) -> list[tuple[str, int, str]]:
    """(address, bytes, encoding) for the page and each static file it links."""
    status, body, encoding = source.get(path)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    rows = [(path, len(body), encoding or "none")]
    html = _decoded(body, encoding)
    for asset in dict.fromkeys(ASSET.findall(html)):
        status, data, asset_encoding = source.get(asset)
        if status != 200:
            raise SystemExit(f"{asset} answered {status}")
        rows.append((asset, len(data), asset_encoding or "none"))
    return rows


def _decoded(body: bytes, encoding: str) -> str:
    if encoding == "br":
        import brotli

        body = brotli.decompress(body)
    elif encoding == "gzip":
        import gzip

        body = gzip.decompress(body)
    return body.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="measure a running server instead of the app in process")
    parser.add_argument("--no-build", action="store_true", help="in process: skip `flask static build`")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every file")
    args = parser.parse_args()
    os.environ.setdefault("SPOLU_ENV", "development")
    source = Remote(args.base_url) if args.base_url else InProcess(build=not args.no_build)
    print(f"{'page':<20}{'html':>10}{'static':>10}{'total':>10}")
    for name, path in targets(source):
        rows = measure(source, path)
        html, static = rows[0][1], sum(size for _, size, _ in rows[1:])
        print(f"{name:<20}{html / 1024:>8.1f}KB{static / 1024:>8.1f}KB{(html + static) / 1024:>8.1f}KB   {path}")
        if args.verbose:
            for address, size, encoding in rows:
                print(f"    {size:>8} B  {encoding:<5} {address}")


if __name__ == "__main__":
    main()

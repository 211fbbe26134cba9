"""Shared fixtures: paths, the sample corpus, and one pipeline built per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def find_shared() -> Path:
    """The read-only ``shared`` folder of gold data and registers that some tests read.

    Looked up as $PRESSEXTRACT_SHARED, then ``../shared`` beside the checkout, then ``../shared``
    beside the repository this checkout was cloned from (CI clones into a scratch folder).
    Tests that need it skip with a reason when none exists; the project itself never needs it.
    """
    candidates = [os.environ.get("PRESSEXTRACT_SHARED", ""), str(REPO.parent / "shared")]
    origin = subprocess.run(["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True, check=False).stdout.strip()
    if origin and "://" not in origin:
        candidates.append(str(Path(origin).resolve().parent / "shared"))
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), REPO.parent / "shared")


SHARED = find_shared()

# the result cache of `pressextract run` (extract.cache): a fresh one per test session, not the user's
os.environ.setdefault("PRESSEXTRACT_CACHE_DIR", tempfile.mkdtemp(prefix="pressextract-test-cache-"))


def sample(name: str) -> Path:
    """Path of a sample text in corpus/ by its number prefix, e.g. sample("000")."""
    return next(CORPUS.glob(f"{name}_*.txt"))


@pytest.fixture(scope="session")
def nlp():
    from extract.nlp import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def corpus_run(nlp):
    """The whole pipeline over the five sample texts, once per session."""
    from extract.pipeline import process

    return process([str(CORPUS)], nlp=nlp)


# -- registry backends: every registry test runs on SQLite and on a real PostgreSQL -----------------

REGISTRY_BACKENDS = ("sqlite", "postgresql")


def _require_postgres(what: str) -> NoReturn:
    """Skip the PostgreSQL variant locally; in CI (PRESSEXTRACT_REQUIRE_POSTGRES=1) a skip is a failure."""
    message = f"the PostgreSQL registry tests need {what}"
    if os.environ.get("PRESSEXTRACT_REQUIRE_POSTGRES") == "1":
        pytest.fail(message)
    pytest.skip(message)


class PostgresCluster:
    """A throwaway PostgreSQL server (pgserver) on a Unix socket, no TCP; one database per registry."""

    def __init__(self, server: Any):
        import psycopg

        self.server = server
        self.admin = psycopg.connect(server.get_uri(), autocommit=True)
        self.count = 0

    def create_database(self, name: str, password: str | None = None) -> str:
        """A new empty database; its SQLAlchemy URL (trust auth: a password is accepted and ignored)."""
        self.count += 1
        database = f"{name}_{self.count}"
        self.admin.execute(f'CREATE DATABASE "{database}"')
        from sqlalchemy import make_url

        url = make_url(self.server.get_uri()).set(
            drivername="postgresql+psycopg", username="postgres", password=password, database=database
        )
        return url.render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        from sqlalchemy import make_url

        self.admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """PostgreSQL for the session, from the pgserver wheel (dev extra).

    As root, pgserver runs the server as the system user ``pgserver`` (it creates it with useradd) and
    opens the data folder's parents to it; so the folder lives in its own mkdtemp, not under pytest's
    temp root, which pytest resets to mode 0700 when another session starts.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR is not set
            import pgserver
        import psycopg  # noqa: F401
    except ImportError as exc:
        _require_postgres(f"pgserver and psycopg (pip install -e '.[dev]'): {exc}")
    base = Path(tempfile.mkdtemp(prefix="pressextract-pg-"))
    try:
        server = pgserver.get_server(base / "data", cleanup_mode="delete")
    except Exception as exc:  # noqa: BLE001 - any failure to start means no PostgreSQL here
        shutil.rmtree(base, ignore_errors=True)
        _require_postgres(f"a PostgreSQL server (pgserver did not start: {exc})")
    cluster = PostgresCluster(server)
    # a throwaway cluster needs no durability; this makes CREATE DATABASE and commits fast
    for setting in ("fsync", "synchronous_commit", "full_page_writes"):
        cluster.admin.execute(f"ALTER SYSTEM SET {setting} = off")
    cluster.admin.execute("SELECT pg_reload_conf()")
    try:
        yield cluster
    finally:
        cluster.admin.close()
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=REGISTRY_BACKENDS)
def registry_backend(request: pytest.FixtureRequest) -> str:
    """The registry backend of this test run: ``sqlite`` or ``postgresql``."""
    return request.param


@pytest.fixture()
def new_registry(
    registry_backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., str | Path]]:
    """Make targets for fresh registries of the test's backend: ``make(name="registry", password=None)``.

    SQLite: ``tmp_path / "<name>.db"`` (a Path, as the CLI gets it); PostgreSQL: the URL of a new database.
    """
    if registry_backend == "sqlite":
        yield lambda name="registry", password=None: tmp_path / f"{name}.db"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    made: list[str] = []

    def make(name: str = "registry", password: str | None = None) -> str:
        made.append(cluster.create_database(name, password))
        return made[-1]

    yield make
    for url in made:
        cluster.drop_database(url)

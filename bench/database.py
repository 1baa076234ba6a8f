"""A fresh benchmark database: SQLite in the work folder (from a cached seed when it is still
valid), or the PostgreSQL database at BENCH_DATABASE_URL, emptied first."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "results" / "cache"
CONSULT = Path(sys.executable).parent / "consult"


def url(workdir: Path) -> str:
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"


def cache_key(responses: int) -> str:
    """Changes with the schema (migrations, models), the seed, or the data set's size."""
    from bench import seed

    digest = hashlib.sha256(f"{seed.SEED_VERSION}:{responses}".encode())
    for folder, pattern in (("migrations/versions", "*.py"), ("consult/models", "*.py"),
                            ("bench", "seed.py")):
        for path in sorted((ROOT / folder).glob(pattern)):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _empty_postgresql(database_url: str) -> None:
    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def _seed(env: dict, responses: int) -> dict:
    from bench import seed
    from consult import create_app

    subprocess.run([str(CONSULT), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    app = create_app()
    ids = seed.seed(app, responses=responses)
    with app.app_context():
        from consult.models import db

        db.engine.dispose()
    return ids


def prepare(env: dict, workdir: Path, responses: int, use_cache: bool) -> tuple[dict, str]:
    """Returns the seeded ids and how the database was made."""
    started = time.perf_counter()
    if os.environ.get("BENCH_DATABASE_URL"):
        _empty_postgresql(os.environ["BENCH_DATABASE_URL"])
        ids = _seed(env, responses)
        return ids, f"seeded in {time.perf_counter() - started:.0f} s (PostgreSQL)"
    target = workdir / "bench.sqlite3"
    key = cache_key(responses)
    cached, cached_ids = CACHE / f"{key}.sqlite3", CACHE / f"{key}.json"
    if use_cache and cached.exists() and cached_ids.exists():
        shutil.copyfile(cached, target)
        return (json.loads(cached_ids.read_text()),
                f"copied from bench/results/cache/{key} in {time.perf_counter() - started:.0f} s")
    ids = _seed(env, responses)
    seeded = time.perf_counter() - started
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.iterdir():
            old.unlink()
        shutil.copyfile(target, cached)
        cached_ids.write_text(json.dumps(ids))
    return ids, f"seeded in {seeded:.0f} s (SQLite, cached as bench/results/cache/{key})"

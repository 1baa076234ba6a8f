"""Generated instance files (the secret key) survive processes starting at once."""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from consult import config

# Each process imports first, then waits for the starting signal, so they read the folder
# within the same few milliseconds.
RACE = """
import os, sys, time
from consult import config
while not os.path.exists(sys.argv[1]):
    time.sleep(0.001)
print(config.load()["SECRET_KEY"])
"""


def test_processes_starting_at_once_on_an_empty_instance_folder_share_one_key(tmp_path):
    folder = tmp_path / "instance"
    env = {**os.environ, "CONSULT_INSTANCE_PATH": str(folder), "CONSULT_ENV": "development",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("SECRET_KEY", None)
    start = tmp_path / "start"
    runs = [subprocess.Popen([sys.executable, "-c", RACE, str(start)], stdout=subprocess.PIPE,
                             env=env, stderr=subprocess.PIPE, text=True) for _ in range(16)]
    time.sleep(2)  # not a timed assertion: only a head start for the imports
    start.touch()
    results = [(run.communicate(timeout=60), run.returncode) for run in runs]
    assert [code for _, code in results] == [0] * 16, [err for (_, err), _ in results]
    keys = {out.strip() for (out, _), _ in results}
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert [path.name for path in folder.iterdir()] == ["secret_key"]
    assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600


def test_threads_racing_for_a_generated_file_all_read_the_winners(tmp_path):
    made = iter(range(1000))

    def generate() -> str:
        return f"value-{next(made)}"

    with ThreadPoolExecutor(max_workers=16) as pool:
        values = set(pool.map(lambda _: config.instance_file(tmp_path, "signing_key", generate),
                              range(64)))
    assert len(values) == 1
    assert (tmp_path / "signing_key").read_text() in values


def test_each_test_worker_has_an_instance_folder_of_its_own():
    folder = os.environ["CONSULT_INSTANCE_PATH"]
    assert os.path.basename(folder) == os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert os.path.dirname(folder) == os.environ["CONSULT_TEST_RUN_FOLDER"]

"""Start the local BigQuery API emulator (`bqemulator`, installed by `make test` into
`.bqemulator/`) and give a google-cloud-bigquery client pointed at it.

The shim is here, in tests only: the emulator's DuckDB looks for the spatial extension in
$HOME/.duckdb, so it gets a HOME of its own holding the extension from its wheel; the client
gets the emulator's endpoint and anonymous credentials.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

from pipeline.emulator import free_port

REPO = Path(__file__).parents[1]
EMULATOR_ENV = REPO / ".bqemulator"
PROJECT = "voice-analytics-local"


def emulator_binary() -> Path | None:
    binary = EMULATOR_ENV / "bin" / "bqemulator"
    return binary if binary.exists() else None


def start(home: Path) -> tuple[subprocess.Popen, str]:
    extension = next(EMULATOR_ENV.glob("lib/python*/site-packages/duckdb_extension_spatial/"
                                       "extensions/v*/spatial.duckdb_extension"))
    target = home / ".duckdb" / "extensions" / extension.parent.name / "linux_amd64"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(extension, target / extension.name)
    rest, grpc = free_port(), free_port()
    log = open(home / "bqemulator.log", "wb")  # noqa: SIM115 - written while it runs
    process = subprocess.Popen(
        [str(emulator_binary()), "start", "--rest-port", str(rest), "--grpc-port", str(grpc),
         "--project", PROJECT], env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bqemulator exited: {(home / 'bqemulator.log').read_text()[-800:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", rest)) == 0:
                return process, f"http://127.0.0.1:{rest}"
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("bqemulator did not open its REST port in 60 s")


def client(endpoint: str):
    from google.api_core.client_options import ClientOptions
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import bigquery

    return bigquery.Client(project=PROJECT, credentials=AnonymousCredentials(),
                           client_options=ClientOptions(api_endpoint=endpoint))

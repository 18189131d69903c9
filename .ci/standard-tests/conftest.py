"""pytest set-up for Airbyte's standard tests against source-attio (see run.sh).

The suite runs a Python connector in process: every job goes through
`airbyte_cdk.test.entrypoint_wrapper._run_command(source, args, ...)`, which `_job_runner.run_test_job` looks up on
the module at each call. Here that function is replaced by one that runs the connector as a process,
`node dist/src/main.js <args>`, and builds the `EntrypointOutput` the way the suite's own image path does
(`airbyte_cdk.utils.docker.run_docker_airbyte_command`): stdout lines as messages, stderr kept for the secret
search, and a `CalledProcessError` for a non-zero exit. The image tests do not use it: they run `docker run`, which
bin/docker forwards to podman.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from airbyte_cdk.test import entrypoint_wrapper
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput

pytest_plugins = ["airbyte_cdk.test.standard_tests.pytest_hooks"]

REPO_ROOT = Path(__file__).resolve().parents[2]
CONNECTOR = [os.environ.get("NODE", "node"), str(REPO_ROOT / "dist" / "src" / "main.js")]
# A full read of every stream takes seconds; this only stops a hung run.
TIMEOUT_SECONDS = 600


class NodeConnector:
    """The connector under test, as the suite's `IConnector`: it only has to carry a `spec` attribute."""

    command = CONNECTOR

    def spec(self, logger: object) -> None:
        raise NotImplementedError("source-attio runs as a process: see run_connector_process in conftest.py")


def run_connector_process(
    source: object,
    args: list[str],
    expecting_exception: bool | None = None,
    *,
    expected_outcome: object | None = None,
) -> EntrypointOutput:
    """Stands in for `entrypoint_wrapper._run_command`: runs `node dist/src/main.js <args>`."""
    command = [*getattr(source, "command", CONNECTOR), *args]
    result = subprocess.run(
        command,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    return EntrypointOutput(
        command=command,
        messages=result.stdout.splitlines(),
        stderr=result.stderr,
        uncaught_exception=(
            subprocess.CalledProcessError(result.returncode, command, result.stdout, result.stderr)
            if result.returncode != 0
            else None
        ),
    )


@pytest.fixture(autouse=True)
def _connector_as_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entrypoint_wrapper, "_run_command", run_connector_process)


def pytest_configure(config: pytest.Config) -> None:
    # Marks the suite sets (image tests; configs under secrets/), declared so pytest does not warn about them.
    config.addinivalue_line("markers", "image_tests: runs the connector image (docker run, here podman)")
    config.addinivalue_line("markers", "requires_creds: the scenario's config lives under secrets/")

"""Airbyte's standard tests for source-attio: every test of `SourceTestSuiteBase`, which includes the image tests
of `DockerConnectorTestSuite` (marked `image_tests`). run.sh runs them in two passes: `-m "not image_tests"` against
the connector as a process (conftest.py), and `-m image_tests` against the image given by `--connector-image`.
Scenarios come from acceptance-test-config.yml at the connector root.
"""

from __future__ import annotations

import os
from pathlib import Path

from airbyte_cdk.test.models import ConnectorTestScenario
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase
from conftest import NodeConnector


class TestSourceAttio(SourceTestSuiteBase):
    @classmethod
    def get_connector_root_dir(cls) -> Path:
        # The suite names the connector after this directory; run.sh points it at a link named source-attio, so a
        # checkout under another name (a worktree) still reads as source-attio in the suite's messages.
        root = os.environ.get("STANDARD_TESTS_CONNECTOR_ROOT")
        return Path(root).absolute() if root else super().get_connector_root_dir()

    @classmethod
    def create_connector(cls, scenario: ConnectorTestScenario | None) -> NodeConnector:
        return NodeConnector()

"""The closing count of run.sh, from pytest's JUnit reports: "N passed, N failed" over every pass.

Failed counts failures, errors, and every skip but the suite's own skips for a config declared `status: failed`
(it tests neither `discover` nor the image's `read` with a config that is meant to fail, so there is nothing to
check). Any other skip hides a check (a config not listed where it should be, a missing `docker`, a read the
options did not turn on) and fails the run. Each pass must also have run every test function it is meant to run,
so a test the suite renames or an over-broad deselection cannot pass unnoticed.

Usage: summarize.py process=REPORT.xml [image=REPORT.xml]
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

EXPECTED_TESTS = {
    "process": {
        "test_spec",
        "test_check",
        "test_config_matches_spec",
        "test_discover",
        "test_basic_read",
        "test_fail_read_with_bad_catalog",
    },
    "image": {
        "test_docker_image_build_and_spec",
        "test_docker_image_build_and_check",
        "test_docker_image_build_and_config_matches_spec",
        "test_docker_image_build_and_discover",
        "test_docker_image_build_and_read",
    },
}
# Needs the internet (the published spec, from connectors.airbyte.com): deselected in the image pass, never run.
DESELECTED = "test_docker_image_spec_backward_compatibility"

# The suite's skips for a config whose `check` is declared to fail (source_base.py, docker_base.py).
FAILING_CONFIG_SKIPS = {
    "test_discover": "Skipping discover test for scenario that expects an exception.",
    "test_docker_image_build_and_discover": "Skipping (expected to fail).",
    "test_docker_image_build_and_read": "Skipping (expected to fail).",
}
FAILING_CONFIG = "invalid_config"


def function_name(test_name: str) -> str:
    return test_name.split("[", 1)[0]


def main(reports: list[str]) -> int:
    passed = failed = 0
    lines: list[str] = []
    for argument in reports:
        mode, _, path = argument.partition("=")
        seen: set[str] = set()
        for case in ET.parse(path).getroot().iter("testcase"):
            name = case.get("name", "")
            function = function_name(name)
            seen.add(function)
            outcome = next((child for child in case if child.tag in ("failure", "error", "skipped")), None)
            if outcome is None:
                passed += 1
            elif outcome.tag == "skipped":
                message = outcome.get("message", "")
                allowed = FAILING_CONFIG_SKIPS.get(function)
                if allowed and f"'{FAILING_CONFIG}'" in name and allowed in message:
                    lines.append(f"{mode}: {name}: skipped by the suite, which does not run it for a config declared to fail")
                else:
                    failed += 1
                    lines.append(f"FAIL {mode}: {name}: skipped ({message.strip()}): a skip hides a check")
            else:
                failed += 1
                lines.append(f"FAIL {mode}: {name}: {outcome.tag}")
        missing = EXPECTED_TESTS[mode] - seen
        if missing:
            failed += len(missing)
            lines.append(f"FAIL {mode}: never ran: {', '.join(sorted(missing))}")
        if DESELECTED in seen:
            failed += 1
            lines.append(f"FAIL {mode}: {DESELECTED} ran, but it needs the internet and must be deselected")
        unexpected = {f for f in seen if f not in EXPECTED_TESTS[mode]}
        if unexpected:
            lines.append(f"{mode}: also ran: {', '.join(sorted(unexpected))}")
    for line in lines:
        print(line)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2 or not all(re.match(r"^(process|image)=.+", a) for a in sys.argv[1:]):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))

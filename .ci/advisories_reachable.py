"""Exit 0 when pip-audit's vulnerability service answers from this machine, 1 when not.

Asks about a release with published advisories (Django 3.2.0): a service that
answers lists them; one that cannot be reached, or a package index that does
not serve the advisory API, leaves it "not found", and then `make audit-deps`
could only fail for want of network, or worse report no finding. .ci/run uses
this to skip the dependency audit, saying so, instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

PIP_AUDIT = Path(sys.executable).parent / "pip-audit"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "probe.txt"
        requirements.write_text("django==3.2.0\n")
        try:
            result = subprocess.run(
                [
                    str(PIP_AUDIT),
                    *("-r", str(requirements), "--no-deps", "--disable-pip"),
                    *("--format", "json", "--progress-spinner", "off"),
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
        except subprocess.TimeoutExpired:
            return 1
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return 1
    return 0 if any(dep.get("vulns") for dep in report.get("dependencies", [])) else 1


if __name__ == "__main__":
    sys.exit(main())

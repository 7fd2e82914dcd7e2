"""Run every benchmark script in bench/ (files not starting with "_"), passing their JSON lines through.

Exit status 1 when a script fails or a measure is not ok."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> int:
    failed = False
    for script in sorted(BENCH.glob("*.py")):
        if script.name.startswith("_") or script.name == Path(__file__).name:
            continue
        print(f"# {script.name}", file=sys.stderr, flush=True)
        result = subprocess.run([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
        for line in result.stdout.splitlines():
            print(line, flush=True)
            try:
                failed |= json.loads(line).get("ok") is False
            except ValueError:
                continue
        failed |= result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

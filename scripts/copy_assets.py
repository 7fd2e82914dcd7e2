"""Copy the front-end files named in package.json's "ntmAssets" from node_modules into static_build/vendor.

Nothing third-party is committed: the files come from the npm registry at setup.
"""

import filecmp
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8")).get("ntmAssets", {})
    target_root = ROOT / "static_build" / "vendor"
    target_root.mkdir(parents=True, exist_ok=True)
    for source, target in manifest.items():
        source_path = ROOT / "node_modules" / source
        if not source_path.exists():
            print(f"missing front-end asset: node_modules/{source} (run npm ci)", file=sys.stderr)
            return 1
        target_path = target_root / target
        target_path.parent.mkdir(parents=True, exist_ok=True)
        # An unchanged file is left as it is: a collectstatic running beside setup never reads a half-written one.
        if not (target_path.exists() and filecmp.cmp(source_path, target_path, shallow=False)):
            shutil.copyfile(source_path, target_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Refresh the axe-core the browser tests inject: `make axe-assets` (needs npm; the tests do not).

The pinned package is fetched with `npm pack` as GraphiQL's files are (api/graphiql/refresh.py), and its
script and licence are copied into the versioned folder beside this file with the script's integrity hash.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from api.graphiql.pins import Pin
from api.graphiql.refresh import unpack
from api.versioned import integrity

HERE = Path(__file__).resolve().parent
AXE = Pin("axe-core", "4.10.3", ("axe.min.js",))
SCRIPT = HERE / AXE.folder / "axe.min.js"
MANIFEST = HERE / "axe.json"


def refresh() -> None:
    """Fetch the pinned axe-core and replace the shipped copy and its manifest."""
    with tempfile.TemporaryDirectory() as temporary:
        package = unpack(AXE, Path(temporary))
        for old in HERE.glob("axe-core@*"):
            shutil.rmtree(old)
        SCRIPT.parent.mkdir()
        shutil.copyfile(package / "axe.min.js", SCRIPT)
        shutil.copyfile(package / "LICENSE", SCRIPT.parent / "LICENSE")
        declared = json.loads((package / "package.json").read_text())["license"]
    manifest = {
        "package": AXE.package,
        "version": AXE.version,
        "license": declared,
        "integrity": integrity(SCRIPT.read_bytes()),
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    refresh()
    print(f"axe-core {AXE.version} written to {SCRIPT.parent.name}/", file=sys.stderr)

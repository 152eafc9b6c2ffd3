"""Refresh the shipped GraphiQL files from the npm registry: `make graphiql-assets` (needs npm; serving does not).

Each pinned package is fetched with `npm pack`, the files the page loads and the package's licence are copied
into static/<package>@<version>/, and assets.json records every file's Subresource Integrity hash, which the
page puts on its tags so a browser refuses a file that has changed on disk or on the way.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from api.graphiql.pins import MANIFEST, PINS, STATIC, Pin
from api.versioned import integrity


def unpack(pin: Pin, work: Path) -> Path:
    """Fetch a pinned package from the npm registry into `work` and return its unpacked folder."""
    out = subprocess.run(
        ["npm", "pack", f"{pin.package}@{pin.version}", "--silent", "--pack-destination", str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = work / out.stdout.strip().splitlines()[-1]
    target = work / pin.folder
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def _licence(unpacked: dict[str, Path], pin: Pin) -> Path:
    source = unpacked[pin.licence_from or pin.package]
    return next(path for path in source.iterdir() if path.name.upper().startswith(("LICENSE", "LICENCE")))


def refresh() -> dict[str, object]:
    """Fetch every pinned package, replace the static files with its files, and return the new manifest."""
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        unpacked = {pin.package: unpack(pin, work) for pin in PINS}
        shutil.rmtree(STATIC, ignore_errors=True)
        files: dict[str, str] = {}
        packages = []
        for pin in PINS:
            folder = STATIC / pin.folder
            folder.mkdir(parents=True)
            for name in pin.files:
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(unpacked[pin.package] / name, target)
                files[f"{pin.folder}/{name}"] = integrity(target.read_bytes())
            shutil.copyfile(_licence(unpacked, pin), folder / "LICENSE")
            declared = json.loads((unpacked[pin.package] / "package.json").read_text())["license"]
            packages.append({"package": pin.package, "version": pin.version, "license": declared})
    manifest: dict[str, object] = {"packages": packages, "files": files}
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


if __name__ == "__main__":
    refresh()
    print(f"GraphiQL files from {len(PINS)} packages written to {STATIC.name}/", file=sys.stderr)

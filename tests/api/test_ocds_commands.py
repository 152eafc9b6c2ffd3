"""`register import ocds FILE` and `register export ocds [FILE]` on a SQLite register file."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest

from api.cli import main
from tests.db.ocds_validation import DATA, schema_errors

FICTIONAL = DATA / "samples" / "fictional-example-release-package.json"


def test_an_import_prints_its_counts_and_an_export_writes_the_package(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    # when a publisher's package is imported, then the same package again
    assert main(["import", "ocds", str(FICTIONAL), "--actor", "cli-test"]) == 0
    first = capsys.readouterr().out
    assert main(["import", "ocds", str(FICTIONAL), "--actor", "cli-test"]) == 0
    second = capsys.readouterr().out

    # then the counts come at the end, and the second import changes nothing
    assert first.splitlines()[0] == "created 1, updated 0, unchanged 0, rejected 0"
    assert second.splitlines()[0] == "created 0, updated 0, unchanged 1, rejected 0"

    # when the register is exported, twice, for the same date
    out, again = tmp_path / "first.json", tmp_path / "again.json"
    for path in (out, again):
        assert main(["export", "ocds", str(path), "--published-date", "2026-11-24T00:00:00Z"]) == 0
    assert capsys.readouterr().err.strip().endswith(f"Exported the register to {again}.")

    # then the package is valid OCDS, and the same bytes both times
    package = json.loads(out.read_text(encoding="utf-8"))
    assert schema_errors(package) == []
    assert [release["ocid"] for release in package["releases"]] == ["ocds-213czf-000-00001"]
    assert out.read_bytes() == again.read_bytes()


def test_a_bad_package_exits_1_naming_the_json_path_and_writes_nothing(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = json.loads(FICTIONAL.read_text(encoding="utf-8"))
    package["releases"][3]["awards"][0]["value"]["amount"] = "a lot"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(package), encoding="utf-8")
    capsys.readouterr()

    assert main(["import", "ocds", str(bad)]) == 1

    err = capsys.readouterr().err
    assert "Import of bad.json rejected; nothing was written." in err
    assert "$.releases[3].awards[0].value.amount: must be a number, not the string 'a lot'" in err
    assert main(["export", "ocds", "--published-date", "2026-11-24"]) == 0
    assert '"releases":[\n]}' in capsys.readouterr().out


def test_a_compressed_file_is_refused_saying_what_it_is(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a publisher's package downloaded gzipped, and a spreadsheet saved as .xlsx (a zip archive)
    squeezed = tmp_path / "releases.json.gz"
    squeezed.write_bytes(gzip.compress(FICTIONAL.read_bytes()))
    workbook = tmp_path / "contracts.xlsx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    capsys.readouterr()

    # when each is imported, then each is refused, saying what the file is, and nothing is written
    assert main(["import", "ocds", str(squeezed)]) == 1
    assert "$: the file is not a JSON document: it is a gzip-compressed file" in capsys.readouterr().err
    assert main(["import", "transparency", str(workbook)]) == 1
    err = capsys.readouterr().err
    assert "the file is not a CSV document: it is a zip archive (an .xlsx spreadsheet is one)" in err
    assert main(["export", "ocds", "--published-date", "2026-11-24"]) == 0
    assert '"releases":[\n]}' in capsys.readouterr().out

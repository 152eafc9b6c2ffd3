"""`register import transparency FILE` and `register export transparency [FILE]` on a SQLite register file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from api.cli import main

DATA = Path(__file__).parents[1] / "data" / "transparency"


def test_an_import_prints_its_counts_and_an_export_writes_the_file(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    # when a council's file is imported, then the same file again
    assert main(["import", "transparency", str(DATA / "district_layout.csv"), "--actor", "cli-test"]) == 0
    first = capsys.readouterr().out
    assert main(["import", "transparency", str(DATA / "district_layout.csv"), "--actor", "cli-test"]) == 0
    second = capsys.readouterr().out

    # then the counts are printed at the end, and the second import changes nothing
    assert first.strip() == "created 3, updated 0, unchanged 0, rejected 0"
    assert second.strip() == "created 0, updated 0, unchanged 3, rejected 0"

    # when the register is exported to a file
    out = tmp_path / "contracts.csv"
    assert main(["export", "transparency", str(out)]) == 0
    assert capsys.readouterr().err.strip() == f"Exported 3 contracts to {out}."
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["Reference Number"] for row in rows] == ["DC/2021/014", "DC/2021/022", "DC/2021/031"]
    assert rows[0]["Value of Contract"] == "48000.00"
    assert rows[0]["Value Basis"] == "Estimated annual spend"


def test_an_export_goes_to_standard_output_by_default(register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "transparency", str(DATA / "unknown_columns.csv")]) == 0
    capsys.readouterr()

    assert main(["export", "transparency"]) == 0

    written = capsys.readouterr()
    assert written.out.splitlines()[0].startswith("Reference Number,Title of Agreement,")
    assert len(written.out.splitlines()) == 3
    assert written.err.strip() == "Exported 2 contracts."


def test_a_rejected_import_exits_1_listing_every_bad_row(
    register_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    status = main(["import", "transparency", str(DATA / "bad_rows.csv")])

    errors = capsys.readouterr().err
    assert status == 1
    assert "Import of bad_rows.csv rejected; nothing was written." in errors
    assert "created 0, updated 0, unchanged 0, rejected 5" in errors
    for line, reference in ((2, "BR-001"), (3, "BR-002"), (7, "BR-005"), (8, "BR-001")):
        assert f'\nline {line} (record "{reference}"): ' in errors
    assert "\nline 5: Ref is blank" in errors
    assert main(["export", "transparency"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_a_file_in_another_encoding_is_refused_with_a_hint(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    excel = tmp_path / "excel.csv"
    excel.write_bytes('Ref,Title,Value\r\nX-1,Pest control,"£12,000"\r\n'.encode("cp1252"))
    capsys.readouterr()

    assert main(["import", "transparency", str(excel)]) == 1
    assert "try --encoding cp1252" in capsys.readouterr().err
    assert main(["import", "transparency", str(excel), "--encoding", "cp1252"]) == 0
    assert capsys.readouterr().out.strip() == "created 1, updated 0, unchanged 0, rejected 0"
    assert main(["import", "transparency", str(DATA / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err

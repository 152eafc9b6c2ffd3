"""`register persisted load | list`: a front end's folder of operations checked and kept all together, or not at
all; on a temporary SQLite register through the command line, and on both databases through the loader."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cli import main
from api.operation_folder import FolderProblems
from api.persisted_commands import load_folders
from db.persisted import list_operations
from db.settings import Settings

COUNT = "query Count { contracts { totalCount } }\n"
TITLES = "query Titles { contracts(first: 3) { nodes { ...Line } } }\n"
LINE = "fragment Line on Contract { reference title }\n"
UNKNOWN_FIELD = "query Budget { contracts { annualBudget } }\n"


def folder_of(root: Path, files: dict[str, str]) -> Path:
    folder = root / "operations"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_a_folder_is_loaded_and_listed_by_hash(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a front end's folder: operations in one file, a fragment they spread in a subfolder
    folder = folder_of(tmp_path, {"contracts.graphql": COUNT + TITLES, "fragments/line.graphql": LINE})
    capsys.readouterr()

    # when it is loaded, loaded again, and the kept operations listed
    first = main(["persisted", "load", str(folder)])
    loaded = capsys.readouterr()
    again = main(["persisted", "load", str(folder)])
    reloaded = capsys.readouterr()
    listed = main(["persisted", "list"])
    listing = capsys.readouterr().out.splitlines()

    # then each operation is printed with its hash, the second load finds them kept, and the list shows them
    assert (first, again, listed) == (0, 0, 0)
    lines = sorted(line.split("  ") for line in loaded.out.splitlines())
    count_hash = hashlib.sha256(b"query Count {\n  contracts {\n    totalCount\n  }\n}").hexdigest()
    assert [line[1:] for line in lines] == [["Count", "contracts.graphql"], ["Titles", "contracts.graphql"]]
    assert count_hash in {line[0] for line in lines}
    assert "Loaded 2 operation(s)" in loaded.err and "(2 new)" in loaded.err
    assert "(0 new)" in reloaded.err
    assert listing[0] == "sha256\tregistration\toperations\torigin\tkept"
    assert sorted(row.split("\t")[1:3] for row in listing[1:]) == [["ahead", "Count"], ["ahead", "Titles"]]


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"good.graphql": COUNT, "bad.graphql": UNKNOWN_FIELD}, "bad.graphql: Budget: Cannot query field"),
        ({"good.graphql": COUNT, "broken.graphql": "query Broken { contracts { "}, "broken.graphql:1:"),
        ({"titles.graphql": TITLES}, "titles.graphql: spreads ...Line, which no file in the folder defines"),
        ({"a.graphql": COUNT + LINE, "b.graphql": LINE}, "b.graphql: defines fragment Line again"),
    ],
)
def test_a_folder_with_a_bad_document_reports_it_and_loads_nothing(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], problem: str
) -> None:
    folder = folder_of(tmp_path, files)
    capsys.readouterr()

    status = main(["persisted", "load", str(folder)])
    output = capsys.readouterr()
    main(["persisted", "list"])
    listing = capsys.readouterr().out.splitlines()

    assert status == 1
    assert "nothing loaded" in output.err and problem in output.err
    assert listing == ["sha256\tregistration\toperations\torigin\tkept"]


def test_a_folder_that_is_not_there_is_reported(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["persisted", "load", str(tmp_path / "missing")])

    assert status == 1
    assert "is not a folder" in capsys.readouterr().err


async def test_the_loader_keeps_nothing_from_a_bad_folder_on_either_database(
    sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, {"good.graphql": COUNT, "bad.graphql": UNKNOWN_FIELD})

    with pytest.raises(FolderProblems) as refused:
        await load_folders(sessionmaker, (folder,), Settings())

    assert refused.value.problems == [
        "bad.graphql: Budget: Cannot query field 'annualBudget' on type 'ContractConnection'."
    ]
    assert await list_operations(session) == []


async def test_an_operation_over_the_registers_limits_is_refused_at_load(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    deep = "query Deep { contracts { nodes { provider { contracts { nodes { provider { name } } } } } } }\n"
    folder = folder_of(tmp_path, {"deep.graphql": deep})

    with pytest.raises(FolderProblems) as refused:
        await load_folders(sessionmaker, (folder,), Settings(max_query_depth=3))

    assert "deep.graphql: Deep:" in refused.value.problems[0]

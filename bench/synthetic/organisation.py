"""The council's structure in a synthetic register: a handful of directorates and their divisions."""

from __future__ import annotations

from dataclasses import dataclass

from bench.synthetic.records import Row, recorded
from bench.synthetic.vocabulary import DIRECTORATES


@dataclass(frozen=True)
class Organisation:
    """Directorate and division rows, with what later tables draw on: who owns which services."""

    directorates: list[Row]
    divisions: list[Row]
    division_ids: dict[int, list[int]]
    services: dict[int, tuple[str, ...]]
    weights: dict[int, int]

    @property
    def directorate_ids(self) -> list[int]:
        return [row["id"] for row in self.directorates]

    def division_name(self, division_id: int) -> str:
        return str(self.divisions[division_id - 1]["name"])


def build_organisation(source: str) -> Organisation:
    """The directorates of the vocabulary, numbered from 1, each with its divisions."""
    directorates: list[Row] = []
    divisions: list[Row] = []
    division_ids: dict[int, list[int]] = {}
    for directorate_id, words in enumerate(DIRECTORATES, start=1):
        directorates.append(
            {
                "id": directorate_id,
                "code": words.code,
                "name": words.name,
                "corporate_director": words.corporate_director,
                **recorded(source),
            }
        )
        division_ids[directorate_id] = []
        for name in words.divisions:
            division_id = len(divisions) + 1
            division_ids[directorate_id].append(division_id)
            divisions.append(
                {
                    "id": division_id,
                    "directorate_id": directorate_id,
                    "name": name,
                    "director": None,
                    "director_title": f"Director of {name}",
                    "responsibilities": None,
                    **recorded(source),
                }
            )
    return Organisation(
        directorates=directorates,
        divisions=divisions,
        division_ids=division_ids,
        services={i: words.services for i, words in enumerate(DIRECTORATES, start=1)},
        weights={i: words.weight for i, words in enumerate(DIRECTORATES, start=1)},
    )

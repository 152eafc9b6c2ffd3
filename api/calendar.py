"""The key decision calendar: an iCalendar (RFC 5545) feed at /calendar/key-decisions.ics.

One all-day event per key decision, spanning every day its expected date can mean ("Q3 2017/18" is 1 October to
31 December 2017, so DTEND is 1 January 2018: all-day ends are exclusive). The UID is the decision's global ID,
so calendar clients update an event when the register changes rather than add a second one; SEQUENCE follows the
record's version. `?directorate=SCS` (a code) or a directorate's global ID narrows the feed; repeat it for more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, timedelta
from typing import Any

from icalendar import Calendar, Event
from sqlalchemy import ColumnElement, false, or_, select, true
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from db import models
from schema.errors import RegisterError
from schema.relay import global_id, parse_global_id
from schema.values import pounds

MEDIA_TYPE = "text/calendar; charset=utf-8"
UID_DOMAIN = "contracts-register"
BASIS_WORDS = {"TOTAL": "whole life", "ANNUAL": "a year", "QUARTERLY": "a quarter"}

key_decision = models.KeyDecision.__table__
activity = models.CommissioningActivity.__table__
directorate = models.Directorate.__table__


def decision_uid(pk: int) -> str:
    """The event's UID: the key decision's global ID, the same for the life of the record."""
    return f"{global_id('KeyDecision', pk)}@{UID_DOMAIN}"


def _directorate_key(value: str) -> tuple[str, int | str]:
    # A directorate is named by its code ("SCS") or its global ID; a code never decodes as an ID.
    try:
        type_name, pk = parse_global_id(value)
    except RegisterError:
        return "code", value
    return ("id", pk) if type_name == "Directorate" else ("code", value)


def _directorate_clause(values: Sequence[str]) -> ColumnElement[bool]:
    if not values:
        return true()
    clauses: list[ColumnElement[bool]] = []
    for value in values:
        kind, key = _directorate_key(value)
        clauses.append(directorate.c.id == key if kind == "id" else directorate.c.code == key)
    return or_(false(), *clauses)


def _unknown(values: Sequence[str], found: Sequence[Any]) -> list[str]:
    known = {("id", row.id) for row in found} | {("code", row.code) for row in found}
    return [value for value in values if _directorate_key(value) not in known]


def _value(row: Any) -> str:
    if row.expected_value_pence is None:
        return "not stated"
    stated = f"£{pounds(row.expected_value_pence):,} {BASIS_WORDS[row.expected_value_basis]}"
    if row.expected_value_basis != "ANNUAL" and row.annual_value_pence is not None:
        stated += f", £{pounds(row.annual_value_pence):,} a year"
    return f"{stated} (stated as '{row.expected_value_text}')" if row.expected_value_text else stated


def _event(row: Any) -> Event:
    changed = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
    lines = [
        f"Expected: {row.expected_text}",
        f"Expected value: {_value(row)}",
        f"Lead service: {row.lead_service or 'not stated'}",
        f"Directorate: {row.directorate_name} ({row.directorate_code})",
    ]
    if row.decision_maker:
        lines.append(f"Decision maker: {row.decision_maker}")
    if row.reference:
        lines.append(f"Forward plan reference: {row.reference}")
    event = Event()
    event.add("uid", decision_uid(row.id))
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("sequence", row.version - 1)
    event.add("summary", f"Key decision: {row.name}")
    event.add("description", "\n".join(lines))
    event.add("dtstart", row.expected_earliest)
    event.add("dtend", row.expected_latest + timedelta(days=1))
    event.add("categories", [row.directorate_code])
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(rows: Sequence[Any], title: str) -> Calendar:
    """The feed for a set of key decision rows, in the order given."""
    calendar = Calendar()
    calendar.add("prodid", "-//Contracts and Commissioning Register//Key decisions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    for row in rows:
        calendar.add_component(_event(row))
    return calendar


async def key_decisions_calendar(request: Request) -> Response:
    """Every key decision as an all-day event over its expected window, optionally for some directorates."""
    wanted = request.query_params.getlist("directorate")
    statement = (
        select(
            key_decision,
            activity.c.name,
            activity.c.lead_service,
            activity.c.expected_value_pence,
            activity.c.expected_value_basis,
            activity.c.expected_value_text,
            activity.c.annual_value_pence,
            directorate.c.code.label("directorate_code"),
            directorate.c.name.label("directorate_name"),
        )
        .select_from(
            key_decision.join(activity, activity.c.id == key_decision.c.activity_id).join(
                directorate, directorate.c.id == activity.c.directorate_id
            )
        )
        .where(_directorate_clause(wanted))
        .order_by(key_decision.c.expected_earliest, key_decision.c.expected_latest, key_decision.c.id)
    )
    async with request.app.state.sessionmaker() as session:
        rows = (await session.execute(statement)).all()
        if wanted:
            found = (await session.execute(select(directorate).where(_directorate_clause(wanted)))).all()
            if unknown := _unknown(wanted, found):
                return PlainTextResponse(f"No directorate has the code or ID {', '.join(unknown)}", status_code=404)
    title = "Key decisions" + (f": {', '.join(wanted)}" if wanted else "")
    body = build_calendar(rows, title).to_ical()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(
        body,
        media_type=MEDIA_TYPE,
        headers={"ETag": etag, "Content-Disposition": 'inline; filename="key-decisions.ics"'},
    )

"""What the history says was spent: the estimated totals of a day and of a month, and the
daily limit's check before a job is sent. Nothing here imports Qt.

A job counts when it may have been billed (`jobs.billed` is 1, or NULL: still running,
interrupted by a crash, or recorded before the history knew; see backends/billing.py for the
rule). Local jobs are free and never count. A counted job without a known price (NULL
estimate: an API nobody published a price for, or a job recorded before prices were kept) adds
nothing to the total and is counted apart, so that a total never passes for complete.
Days and months are the user's local ones; the history stores UTC times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ideogram_studio.backends.prices import Estimate, usd
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobArchive

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_COUNTED = "(billed IS NULL OR billed = 1) AND backend != 'local'"


@dataclass(frozen=True)
class Spend:
    """The estimated spend of a period: `total` USD over the jobs with a known price, `jobs`
    counted in all, `unknown` of them without a known price."""

    total: float = 0.0
    jobs: int = 0
    unknown: int = 0

    def amount(self) -> str:
        """$X.XX (the totals are estimates to the cent)."""
        return usd(round(self.total, 2))


def spend_between(
    archive: JobArchive,
    start: datetime,
    end: datetime,
    *,
    provider: str | None = None,
    skip_running_of: int | None = None,
) -> Spend:
    """The jobs started from `start` to before `end` that may have been billed (sent to
    `provider` only, if given: a ProviderKind value). The running jobs of process
    `skip_running_of` are left out: the window counts its queue itself."""
    query = (
        "SELECT COUNT(*), COALESCE(SUM(estimate), 0), COALESCE(SUM(estimate IS NULL), 0)"
        f" FROM jobs WHERE created >= ? AND created < ? AND {_COUNTED}"
    )
    arguments: list[object] = [_stamp(start), _stamp(end)]
    if provider is not None:
        query += " AND backend = ?"
        arguments.append(provider)
    if skip_running_of is not None:
        query += " AND NOT (state = 'running' AND pid IS ?)"
        arguments.append(skip_running_of)
    jobs, total, unknown = archive.reader().execute(query, arguments).fetchone()
    return Spend(float(total), int(jobs), int(unknown))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local day's first moment and the next day's."""
    return _local_midnight(day), _local_midnight(day + timedelta(days=1))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    following = date(year + month // 12, month % 12 + 1, 1)
    return _local_midnight(date(year, month, 1)), _local_midnight(following)


def spent_today(
    archive: JobArchive,
    now: datetime | None = None,
    *,
    provider: str | None = None,
    skip_running_of: int | None = None,
) -> Spend:
    return spend_between(
        archive, *day_bounds(today(now)), provider=provider, skip_running_of=skip_running_of
    )


def spent_in_month(
    archive: JobArchive, year: int, month: int, *, provider: str | None = None
) -> Spend:
    return spend_between(archive, *month_bounds(year, month), provider=provider)


def spent_this_month(archive: JobArchive, now: datetime | None = None) -> Spend:
    day = today(now)
    return spent_in_month(archive, day.year, day.month)


def parse_month(text: str) -> tuple[int, int]:
    """YYYY-MM as (year, month); ValueError with a sentence for anything else."""
    found = _MONTH.fullmatch(text.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise ValueError(
            translate("Spend", "“{text}” is not a month written as YYYY-MM (like 2026-04).").format(
                text=text
            )
        )
    return int(found[1]), int(found[2])


def totals_text(today: Spend, month: Spend) -> str:
    """History's line: "Today about $0.48 · this month about $3.20 (estimates)"."""
    text = translate("Spend", "Today about {today} · this month about {month}").format(
        today=today.amount(), month=month.amount()
    )
    if month.unknown == 1:
        return text + translate("Spend", " (estimates; 1 job this month has no known price)")
    if month.unknown:
        return text + translate(
            "Spend", " (estimates; {count} jobs this month have no known price)"
        ).format(count=month.unknown)
    return text + translate("Spend", " (estimates)")


@dataclass(frozen=True)
class Overrun:
    """A job that would pass the daily limit: its estimate, today's spend with it, the limit."""

    job: float
    after: float
    limit: float

    def facts(self) -> dict[str, str]:
        """The amounts as a sentence names them ($0.24, $5.12, $5.00)."""
        return {"job": usd(self.job), "after": usd(round(self.after, 2)), "limit": usd(self.limit)}


def over_limit(
    archive: JobArchive | None,
    estimate: Estimate,
    limit: float | None,
    *,
    pending: float = 0.0,
    now: datetime | None = None,
    skip_running_of: int | None = None,
) -> Overrun | None:
    """Whether sending a job estimated at `estimate` would bring today's estimated spend (the
    history's, plus `pending` USD of jobs queued but not recorded yet) over `limit`. A job with
    no known price, or a free one, passes no limit: there is nothing to add."""
    job = estimate.known  # a region edit's upscales of unknown price: the edit still counts
    if limit is None or not job:
        return None
    spent = pending
    if archive is not None:
        spent += spent_today(archive, now, skip_running_of=skip_running_of).total
    after = spent + job
    if after <= limit + 1e-9:  # a job that reaches the limit exactly is within it
        return None
    return Overrun(job, after, limit)


def today(now: datetime | None = None) -> date:
    """The user's local date (of `now`, if given)."""
    return (now or datetime.now()).astimezone().date()


def _local_midnight(day: date) -> datetime:
    # A naive time is the local one: astimezone() gives it that day's offset (summer time).
    return datetime(day.year, day.month, day.day).astimezone()


def _stamp(moment: datetime) -> str:
    """As the history writes `created` (UTC, ISO 8601), so that text order is time order."""
    return moment.astimezone(UTC).isoformat()

"""The command line's prices: `edit --dry-run` (what would be sent, and what it would cost),
the daily limit before `edit` sends, and `ideogram-studio spend [--month YYYY-MM]`.

Prices come from the same settings as the window's (Settings ▸ Prices…, per provider), and
the totals from the same history, with the same rule for what counts (jobs/spend.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys

from ideogram_studio.backends.dry_run import print_dry_run
from ideogram_studio.backends.outcome import EXIT_INPUT, EXIT_OK
from ideogram_studio.backends.prices import Estimate, usd
from ideogram_studio.backends.providers import Provider, ProviderKind
from ideogram_studio.backends.region_upscale import edit_upscales
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.service import api_for, prepare_sending
from ideogram_studio.backends.settings import ENV_KEY, ProviderSettings
from ideogram_studio.core.files import check_data_folder, data_home
from ideogram_studio.errors import StudioError
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.jobs.spend import (
    Spend,
    over_limit,
    parse_month,
    spent_in_month,
    spent_today,
    today,
)

EXIT_UNWRITABLE = 6  # as cli.py: the data folder (here, its history) cannot be used
OVER_LIMIT_HELP = (
    "send even if this job would bring today's estimated spend over the daily limit set in "
    "Settings (without it such a job is refused with exit code 2 and nothing is sent)"
)
DRY_RUN_HELP = (
    "print the endpoint, every field and file (name, type, bytes, pixels; never contents or "
    "the key) and the estimated price, and send nothing; needs no API key"
)
log = logging.getLogger(__name__)


# ------------------------------------------------------------------ edit --dry-run


def print_edit_dry_run(
    request: EditRequest,
    provider: Provider,
    *,
    key_set: bool,
    settings: ProviderSettings,
    as_json: bool,
    over_limit_allowed: bool = False,
) -> int:
    """What `edit` would send for `request` to `provider`, printed; nothing is sent, saved or
    recorded. Works without a key (it is never needed to show what goes out, and never
    printed): the notes say whether a real run would have one."""
    api = api_for(provider, str(request.options.api))
    local = provider.kind is ProviderKind.LOCAL
    try:
        sending = prepare_sending(request, api)  # the same checks and encoding as a real run
        url = provider.endpoint_for(api.id)
        build = getattr(api, "multipart", None)
        multipart = None if local or build is None else build(sending.request, sending.upload)
    except StudioError as error:
        print(error.message, file=sys.stderr)
        return EXIT_INPUT
    notes = list(sending.upload.notes)
    auth_header = None
    if not local:
        auth_header = next(iter(provider.auth_headers("-")))  # its name only
        notes.append(
            f"the key in {ENV_KEY} would be sent (it is not shown)"
            if key_set
            else f"no API key is set: a real run needs {ENV_KEY}"
        )
    estimate = settings.estimate_edit(
        request.options, provider.kind, upscales=edit_upscales(request, provider)
    )
    notes += refusals_ahead(request, estimate, settings, over_limit_allowed)
    print_dry_run(url, multipart, estimate, as_json=as_json, auth_header=auth_header, notes=notes)
    return EXIT_OK


def refusals_ahead(
    request: EditRequest,
    estimate: Estimate,
    settings: ProviderSettings,
    allowed: bool,
    what: str = "This job",
) -> list[str]:
    """What would stop the real run (a dry run is asked for to know what would happen): the
    images in flight, and the daily limit when a history already holds today's spend (a dry
    run makes no data folder of its own)."""
    said = []
    if request.options.num_images > settings.images_in_flight:
        said.append(
            f"a real run would be refused: {request.options.num_images} images were asked "
            f"for, but Settings allow {settings.images_in_flight} in progress at once"
        )
    history = None
    if settings.daily_limit is not None and (data_home() / "history.sqlite3").exists():
        try:
            history = JobArchive()
        except Exception:  # a locked or damaged history: the job's own estimate counts
            log.warning("the history cannot be opened for the dry run", exc_info=True)
    refusal = limit_refusal(history, estimate, settings.daily_limit, allowed=allowed, what=what)
    if refusal is not None:
        said.append(f"a real run would be refused: {refusal}")
    return said


# ------------------------------------------------------------------ the daily limit


def limit_refusal(
    history: JobArchive | None,
    estimate: Estimate,
    limit: float | None,
    *,
    allowed: bool,
    what: str = "This job",
) -> str | None:
    """The sentence that stops a job which would bring today's estimated spend over `limit`
    (None: send it). The command line cannot ask: `--over-limit` (`allowed`) sends anyway.
    Without a history only this job's estimate counts."""
    if allowed:
        return None
    try:
        overrun = over_limit(history, estimate, limit)
    except sqlite3.Error:
        log.warning("today's spend could not be read from the history", exc_info=True)
        overrun = over_limit(None, estimate, limit)
    if overrun is None:
        return None
    return (
        "{what}, about {job}, would bring today's estimated spend to {after}, over your "
        "daily limit of {limit}; nothing was sent (give --over-limit to send it anyway)."
    ).format(what=what, **overrun.facts())


# ------------------------------------------------------------------ spend


def build_spend_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio spend",
        description=(
            "Print the estimated spend the history records: today's and this month's, or "
            "that of the month given. Totals are estimates from the prices in Settings "
            "(per provider). They count the jobs that may have been billed: an edit refused "
            "by the server (4xx) or stopped before it was sent is not counted, withheld "
            "images are; local edits are free. Jobs with no known price are counted apart, "
            "not as $0.00."
        ),
        epilog="exit codes: 0 printed, 2 bad input, 6 the history cannot be opened",
    )
    parser.add_argument(
        "--month", help="YYYY-MM: that month's total (default: today's and this month's)"
    )
    parser.add_argument(
        "--provider",
        choices=[kind.value for kind in ProviderKind if kind is not ProviderKind.LOCAL],
        help="only the jobs sent to this provider (default: all of them)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def spend(argv: list[str]) -> int:
    args = build_spend_parser().parse_args(argv)
    err = sys.stderr
    try:
        month = parse_month(args.month) if args.month else None
    except ValueError as error:
        print(error, file=err)
        return EXIT_INPUT
    try:
        history = JobArchive()
    except Exception:  # an unwritable data folder, a damaged database
        log.warning("the history cannot be opened", exc_info=True)
        problem = check_data_folder() or "The history cannot be opened."
        print(f"{problem} No spend can be read without it.", file=err)
        return EXIT_UNWRITABLE
    limit = ProviderSettings.load().daily_limit
    day = today()
    periods: list[tuple[str, str, Spend]] = []
    if month is None:
        periods.append(("today", day.isoformat(), spent_today(history, provider=args.provider)))
        month = (day.year, day.month)
    year, number = month
    name = f"{year:04d}-{number:02d}"
    periods.append(("month", name, spent_in_month(history, year, number, provider=args.provider)))
    if args.json:
        document: dict[str, object] = {"estimates": True, "provider": args.provider}
        for kind, when, spent in periods:
            document[kind] = {
                "date" if kind == "today" else "month": when,
                "usd": round(spent.total, 2),
                "jobs": spent.jobs,
                "unknown": spent.unknown,
            }
        document["daily_limit"] = limit
        print(json.dumps(document, indent=2))
        return EXIT_OK
    for kind, when, spent in periods:
        line = f"{kind} {when}: {spent.amount()} estimated, {_jobs(spent.jobs)}"
        if spent.unknown:
            line += f" ({spent.unknown} with no known price, not in the total)"
        if kind == "today" and limit is not None:
            line += f"; daily limit {usd(limit)}"
        print(line)
    return EXIT_OK


def _jobs(count: int) -> str:
    return "1 job" if count == 1 else f"{count} jobs"

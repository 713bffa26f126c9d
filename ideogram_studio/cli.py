"""The headless command line: `ideogram-studio edit IMAGE --mask MASK --prompt TEXT ...`
(`--dry-run`: print what would be sent and its estimated price, send nothing; with
`--prompt-region MASK PROMPT` repeated instead of --mask/--prompt, several prompts in one
photo: cli_regions.py),
`ideogram-studio fetch JOB_ID` (download again the images of a job that could not be saved)
and `ideogram-studio spend` (estimated totals; cli_spend.py); `describe` and `upscale` live in
cli_tools.py, what they all share in cli_common.py.

Exit codes: 0 at least one image saved (fetch: every image); 1 an unexpected error (its
traceback is in the log); 2 bad input (nothing sent; fetch: no such job; edit: the job would
pass the daily limit and --over-limit was not given); 3 the server refused
the request (4xx); 4 network or server failure; 5 the edit ran but no image could be saved (all
withheld or failed to download; fetch: some image could not be fetched); 6 the data folder or
the output folder cannot be written; 130 cancelled with Ctrl+C.

Every run logs to the data folder's logs/ (keys hidden), removes the partial files a killed
run left, and marks the jobs of dead processes interrupted, as the window does on start.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from pathlib import Path

import requests

from ideogram_studio import cli_batch, cli_sweep, cli_tools
from ideogram_studio.backends.outcome import (
    EXIT_CANCELLED,
    EXIT_INPUT,
    EXIT_NETWORK,
    EXIT_NOTHING_SAVED,
    EXIT_OK,
    EXIT_REFUSED,
    Cancelled,
    ItemStatus,
    conclude,
)
from ideogram_studio.backends.providers import (
    key_from_environment,
)
from ideogram_studio.backends.region_upscale import edit_upscales
from ideogram_studio.backends.request import EditRequest, RequestError
from ideogram_studio.backends.service import JobSpec, run_job
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.cli_common import (
    EPILOG,
    EXIT_BUG,
    EXIT_UNWRITABLE,
    housekeeping,
    open_history,
    report,
    unwritable,
)
from ideogram_studio.cli_common import finish as _finish
from ideogram_studio.cli_options import add_option_arguments, options_from
from ideogram_studio.cli_regions import add_region_argument, edit_regions
from ideogram_studio.cli_run import add_run_arguments, edit_provider, open_output, with_region
from ideogram_studio.cli_spend import (
    DRY_RUN_HELP,
    limit_refusal,
    print_edit_dry_run,
    spend,
)
from ideogram_studio.core.files import check_data_folder
from ideogram_studio.core.maskfile import read_mask
from ideogram_studio.core.photo import read_photo
from ideogram_studio.errors import StudioError
from ideogram_studio.jobs.archive import JobArchive, JobRow
from ideogram_studio.jobs.refetch import fetch_job, job_folder
from ideogram_studio.logs import hide, log_file, redact, setup_logging

log = logging.getLogger(__name__)

# The exit codes live with conclude(), which picks them; named here for callers of main().
__all__ = [
    "EXIT_BUG",
    "EXIT_CANCELLED",
    "EXIT_INPUT",
    "EXIT_NETWORK",
    "EXIT_NOTHING_SAVED",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_UNWRITABLE",
    "build_fetch_parser",
    "build_parser",
    "fetch_again",
    "main",
    "open_history",
    "report",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio edit",
        description=(
            "Edit the masked part of a photo with Ideogram, or locally without a key. "
            "The API key is read from IDEOGRAM_API_KEY, never from the command line. "
            "Prices are estimates from Settings (per provider); with a daily limit set there, "
            "a job that would bring today's estimated spend over it is refused (exit code 2, "
            "nothing sent) unless --over-limit is given."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("image", type=Path, help="the photo to edit")
    parser.add_argument("--mask", type=Path, help="mask image: black = edit, white = keep")
    parser.add_argument("--prompt", help="what the masked area should become")
    add_region_argument(parser)
    add_option_arguments(parser)
    add_run_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    return parser


def main(argv: list[str], command: str = "edit") -> int:
    """Run `command` (a key of COMMANDS) with its arguments. Never lets a traceback out."""
    setup_logging()  # None when the data folder cannot be written: then no file log
    hide(os.environ.get("IDEOGRAM_API_KEY", "").strip())  # even a malformed one
    with contextlib.suppress(StudioError):  # the command says what is wrong with it (exit 2)
        hide(key_from_environment())
    log.info("ideogram-studio %s started", command)
    try:
        code = COMMANDS[command](argv)
    except KeyboardInterrupt:
        return _finish(conclude(error=KeyboardInterrupt()), sys.stderr)
    except BrokenPipeError:
        # The reader of stdout went away (`… | head`): it has read what it wanted; end
        # quietly, and let the flush at exit write nowhere rather than fail again.
        log.info("ideogram-studio %s: stdout was closed by its reader", command)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: a sentence here, the traceback in the log
        log.exception("unexpected error in %s", command)
        print(unexpected(error), file=sys.stderr)
        return EXIT_BUG
    log.info("ideogram-studio %s ended with exit code %d", command, code)
    return code


def unexpected(error: BaseException) -> str:
    detail = redact(f"{type(error).__name__}: {error}")
    where = log_file()
    tail = f" The details are in {where}." if where else ""
    return f"Ideogram Studio stopped on an unexpected error ({detail}).{tail}"


def edit_request(args: argparse.Namespace) -> EditRequest:
    """The photo, its mask and the options as the command line gives them."""
    photo = read_photo(args.image)
    height, width = photo.height, photo.width
    mask = read_mask(args.mask, width, height, white_is_edit=args.invert_mask)
    options = with_region(options_from(args), args, width, height)
    return EditRequest(photo.pixels, mask, options, photo.info)


def dry_run_edit(args: argparse.Namespace) -> int:
    """`edit --dry-run`: what would be sent, printed; nothing is sent, saved or recorded."""
    try:
        api_key = key_from_environment()
        provider = edit_provider(args, api_key, need_key=False)
        request = edit_request(args)
    except StudioError as error:
        print(error.message, file=sys.stderr)
        return EXIT_INPUT
    return print_edit_dry_run(
        request,
        provider,
        key_set=api_key is not None,
        settings=ProviderSettings.load(),
        as_json=args.json,
        over_limit_allowed=args.over_limit,
    )


def edit(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.prompt_regions:
        return edit_regions(args)
    missing = [flag for flag in ("mask", "prompt") if getattr(args, flag) is None]
    if missing:  # as argparse says it of a required flag (exit code 2)
        parser.error(
            "the following arguments are required: " + ", ".join(f"--{f}" for f in missing)
        )
    if args.dry_run:
        return dry_run_edit(args)
    err = sys.stderr
    try:
        options_from(args)  # a flag of the other API: refused before anything is set up
    except RequestError as error:
        return _finish(conclude(error=error), err)
    show_progress = err.isatty() and not args.json

    def progress(message: str) -> None:
        if show_progress:
            print(f"… {message}", file=err, flush=True)

    output = open_output(args, err)
    if isinstance(output, int):
        return output
    store, history, settings, notes = output.store, output.history, output.settings, output.notes
    api_key = None
    try:
        api_key = key_from_environment()
        provider = edit_provider(args, api_key)
        request = edit_request(args)
        if request.options.num_images > settings.images_in_flight:
            raise RequestError(
                f"{request.options.num_images} images were asked for, but Settings allow "
                f"{settings.images_in_flight} in progress at once: ask for fewer."
            )
        estimate = settings.estimate_edit(
            request.options, provider.kind, upscales=edit_upscales(request, provider)
        )
        refusal = limit_refusal(history, estimate, settings.daily_limit, allowed=args.over_limit)
        if refusal is not None:
            print(refusal, file=err)
            return EXIT_INPUT
        spec = JobSpec(request, provider, api_key, args.image.name, estimate=estimate.known)
        job, outcome = run_job(
            spec,
            store,
            progress=progress,
            on_saved=lambda item: None if args.json else print(item.path, flush=True),
            recorder=history,
        )
    except (KeyboardInterrupt, Cancelled, StudioError) as error:
        log.info("edit ended: %s", error)
        return _finish(conclude(error=error), err)
    except requests.RequestException as error:  # e.g. a body cut short that no layer caught
        log.exception("edit failed in the network layer")
        return _finish(conclude(error=error, api_key=api_key), err)
    except OSError as error:  # a full disk or a folder that turned read-only
        log.exception("saving a result failed")
        print(unwritable(store.folder, error), file=err)
        return EXIT_UNWRITABLE

    outcome.notes = notes + outcome.notes
    return report(job, outcome, as_json=args.json, err=err)


# ------------------------------------------------------------------ fetch JOB_ID
# Download again the images of a job that could not be saved (a download cut short, a full
# disk) while their links work, and save them as the edit would have: same names, same
# provenance, recorded in the history.
def build_fetch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio fetch",
        description=(
            "Download again the images of a job that could not be saved, while their links "
            "still work (Ideogram's links expire after about a day)."
        ),
        epilog=EPILOG,
    )
    parser.add_argument(
        "job", help="the job's key as in the file names (8 hex digits), or its history number"
    )
    parser.add_argument(
        "--out", type=Path, help="folder for the images (default: beside the job's other images)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def fetch_again(argv: list[str]) -> int:
    args = build_fetch_parser().parse_args(argv)
    err = sys.stderr
    history = open_history()
    if history is None:
        problem = check_data_folder() or "The history cannot be opened."
        print(f"{problem} Nothing can be fetched without it.", file=err)
        return EXIT_UNWRITABLE
    row = history.find(args.job)
    if row is None:
        print(f"There is no job “{args.job}” in the history.", file=err)
        return EXIT_INPUT
    out = args.out or job_folder(row)
    housekeeping(history, out)  # a job its killed process left 'running' is interrupted now
    row = history.find(args.job) or row
    if not JobArchive.unsaved(row) and not any(
        r.status == ItemStatus.FAILED.value for r in row.results
    ):
        print(f"Job {row.job_key} has no image left to fetch.", file=err)
        _print_json(args.json, row, [])
        return EXIT_OK
    try:
        report = fetch_job(row, history, out=out)
    except OSError as error:  # a full disk: the next images would fail the same way
        log.exception("saving a fetched image failed")
        print(unwritable(out, error), file=err)
        return EXIT_UNWRITABLE
    for fetched in report:
        if fetched.error is not None:
            print(f"Image {fetched.index + 1}: {fetched.error}", file=err)
        elif not args.json:
            print(fetched.path, flush=True)
    _print_json(
        args.json,
        row,
        [
            {
                "index": f.index,
                "path": str(f.path) if f.path else None,
                "error": f.error,
            }
            for f in report
        ],
    )
    failed = sum(1 for fetched in report if fetched.error is not None)
    if failed:
        print(f"{len(report) - failed} of {len(report)} images fetched.", file=err)
        return EXIT_NOTHING_SAVED
    return EXIT_OK


def _print_json(enabled: bool, row: JobRow, report: list[dict[str, object]]) -> None:
    if enabled:
        document = {"job": row.job_key, "id": row.id, "results": report}
        print(json.dumps(document, indent=2, ensure_ascii=False))


def _later(name: str):  # noqa: ANN202 - a command built in its own module
    def run(argv: list[str]) -> int:
        print(f"ideogram-studio {name} is not available in this version.", file=sys.stderr)
        return EXIT_INPUT

    return run


# Each headless command: its name (app.HEADLESS_COMMANDS) -> the function that runs it.
COMMANDS = {
    "edit": edit,
    "fetch": fetch_again,
    "describe": cli_tools.describe,
    "upscale": cli_tools.upscale,
    "spend": spend,
    "sweep": cli_sweep.sweep,
    "batch": cli_batch.batch,
}

"""`ideogram-studio sweep IMAGE --mask MASK --prompt A --prompt B --seed 1 --seed 2 --out DIR`:
one edit per cell of a grid of values, a labelled contact sheet of the results (`--sheet`).

A flag given more than once is an axis; given once it is the same for every cell. Axes come
in this order, the first giving the rows, the second the columns, the third the pages:
--prompt, --seed, --style-type, --speed, --model, --style-codes, --palette; at most three.
Before anything is sent the command says the number of requests and images and the estimated
price; the daily limit counts the whole sweep. Cells run several at once within the
images-in-flight limit of Settings; none is sent twice. Exit code 0 when every cell saved all
its images, 5 when some cell did not (the others are saved, the sheet marks it), 2 for bad
input; when no cell saved anything, the code `edit` would give (3 refused, 4 network…).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ideogram_studio.backends.options import EditApiId
from ideogram_studio.backends.outcome import (
    EXIT_INPUT,
    EXIT_NOTHING_SAVED,
    EXIT_OK,
    Cancelled,
    conclude,
)
from ideogram_studio.backends.providers import Provider, key_from_environment, public_endpoint
from ideogram_studio.backends.request import EditRequest, RequestError
from ideogram_studio.backends.service import api_for, prepare_sending
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.sweep import MAX_AXES, AxisKind, SweepAxis, SweepPlan
from ideogram_studio.backends.sweep_run import (
    GROUP_KIND,
    CellRun,
    cell_estimates,
    combined_estimate,
    run_sweep,
    sweep_sheet,
    sweep_specs,
)
from ideogram_studio.cli_common import EPILOG, EXIT_UNWRITABLE, result_json, unwritable
from ideogram_studio.cli_common import finish as _finish
from ideogram_studio.cli_options import add_option_arguments, options_from
from ideogram_studio.cli_run import add_run_arguments, edit_provider, open_output, with_region
from ideogram_studio.cli_spend import limit_refusal, refusals_ahead
from ideogram_studio.core.contact_sheet import sheet_png
from ideogram_studio.core.files import write_atomic
from ideogram_studio.core.maskfile import read_mask
from ideogram_studio.core.photo import read_photo
from ideogram_studio.errors import StudioError

log = logging.getLogger(__name__)

# The axis flags in their order: argparse's dest, the flag, its kind.
AXIS_FLAGS = (
    ("prompt", "--prompt", AxisKind.PROMPT),
    ("seed", "--seed", AxisKind.SEED),
    ("style_type", "--style-type", AxisKind.STYLE_TYPE),
    ("speed", "--speed", AxisKind.SPEED),
    ("model", "--model", AxisKind.MODEL),
    ("sweep_style_codes", "--style-codes", AxisKind.STYLE_CODES),
    ("palette", "--palette", AxisKind.PALETTE),
)


def build_sweep_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio sweep",
        description=(
            "Edit the masked part of a photo once per cell of a grid of values, and draw the "
            "results as a labelled contact sheet. A flag given more than once is an axis (at "
            "most three, in this order: --prompt, --seed, --style-type, --speed, --model, "
            "--style-codes, --palette; the first gives the rows, the second the columns, the "
            "third the pages); given once, it is the same for every cell. The key and the "
            "provider are read as `edit` reads them."
        ),
        epilog=EPILOG.replace("5 nothing could be saved", "5 some cell was not saved"),
        conflict_handler="resolve",  # the axis flags below replace edit's single ones
    )
    parser.add_argument("image", type=Path, help="the photo to edit")
    parser.add_argument(
        "--mask", type=Path, required=True, help="mask image: black = edit, white = keep"
    )
    add_option_arguments(parser)
    repeat = "; repeat for an axis"
    parser.add_argument("--prompt", action="append", required=True, help="a prompt" + repeat)
    parser.add_argument("--seed", action="append", help="0 to 2147483647" + repeat)
    parser.add_argument("--style-type", action="append", help="a style type" + repeat)
    parser.add_argument("--speed", action="append", help="Ideogram 3.0's rendering speed" + repeat)
    parser.add_argument("--model", action="append", help="the legacy edit's model" + repeat)
    parser.add_argument(
        "--style-codes",
        dest="sweep_style_codes",
        action="append",
        metavar="'HEX HEX…'",
        help="Ideogram 3.0: one set of style codes" + repeat,
    )
    parser.add_argument(
        "--palette", action="append", help="Ideogram 3.0: a preset or colours" + repeat
    )
    parser.add_argument(
        "--num-images", type=int, default=1, help="images per cell, 1 to 8 (default 1)"
    )
    add_run_arguments(parser, out_required=True)
    parser.add_argument(
        "--sheet", type=Path, metavar="FILE.png", help="write the contact sheet here"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the cells, their requests and the estimated price, and send nothing",
    )
    return parser


def plan_from(args: argparse.Namespace) -> tuple[SweepPlan, argparse.Namespace]:
    """The plan the flags ask for and the flags of its base (each axis flag at its first
    value). RequestError with one sentence when it cannot be planned."""
    given = {dest: list(getattr(args, dest) or []) for dest, _, _ in AXIS_FLAGS}
    repeated = [(dest, flag, kind) for dest, flag, kind in AXIS_FLAGS if len(given[dest]) > 1]
    if not repeated:
        raise RequestError(
            "Give --prompt, --seed, --style-type, --speed, --model, --style-codes or "
            "--palette more than once: the values repeated are what a sweep varies."
        )
    if len(repeated) > MAX_AXES:
        flags = [flag for _, flag, _ in repeated]
        raise RequestError(
            f"A sweep has at most three axes, but {', '.join(flags[:-1])} and {flags[-1]} "
            "are each given more than once; give some of them once."
        )
    api = EditApiId(args.api)
    axes = tuple(SweepAxis.parse(kind, given[dest], api) for dest, _, kind in repeated)
    single = {dest: values[0] if values else None for dest, values in given.items()}
    for dest, _, kind in AXIS_FLAGS:  # a single value, read as an axis of one would be
        if single[dest] is None or kind in (AxisKind.PROMPT, AxisKind.PALETTE):
            continue
        if not str(single[dest]).strip():
            single[dest] = None
            continue
        value = SweepAxis.parse(kind, [single[dest]], api).values[0]
        single[dest] = " ".join(value) if isinstance(value, tuple) else str(value)
    base_args = argparse.Namespace(**{**vars(args), **single})
    if single["sweep_style_codes"] is not None:
        base_args.style_codes = single["sweep_style_codes"].split()
    if single["seed"] is not None:
        base_args.seed = int(single["seed"])
    base = options_from(base_args)
    plan = SweepPlan(base, axes, images_per_cell=args.num_images)
    plan.validate()
    return plan, base_args


def sweep_request(args: argparse.Namespace, plan: SweepPlan) -> tuple[SweepPlan, EditRequest]:
    """The photo and mask, and the plan with the photo's region choice in its base."""
    photo = read_photo(args.image)
    mask = read_mask(args.mask, photo.width, photo.height, white_is_edit=args.invert_mask)
    plan = replace(plan, base=with_region(plan.base, args, photo.width, photo.height))
    request = EditRequest(photo.pixels, mask, plan.base, photo.info)
    # The photo and mask checked and encoded once, as every cell will send them.
    prepare_sending(replace(request, options=plan.cells()[0].options), _api(request, args))
    return plan, request


def _api(request: EditRequest, args: argparse.Namespace):  # noqa: ANN202 - registry's type
    provider = edit_provider(args, key_from_environment(), need_key=False)
    return api_for(provider, str(request.options.api))


def sweep(argv: list[str]) -> int:
    args = build_sweep_parser().parse_args(argv)
    err = sys.stderr
    try:
        plan, _ = plan_from(args)
    except StudioError as error:
        return _finish(conclude(error=error), err)
    if args.dry_run:
        return dry_run_sweep(args, plan, err)
    output = open_output(args, err)
    if isinstance(output, int):
        return output
    store, history, settings = output.store, output.history, output.settings
    for note in output.notes:
        print(f"Note: {note}", file=err)
    show_progress = err.isatty() and not args.json
    try:
        api_key = key_from_environment()
        provider = edit_provider(args, api_key)
        plan, request = sweep_request(args, plan)
        if plan.images_per_cell > settings.images_in_flight:
            raise RequestError(
                f"Each cell asks for {plan.images_per_cell} images, but Settings allow "
                f"{settings.images_in_flight} in progress at once: ask for fewer."
            )
        estimate = cell_estimates(plan, request, provider, settings)
        refusal = limit_refusal(
            history,
            combined_estimate(estimate),
            settings.daily_limit,
            allowed=args.over_limit,
            what="This sweep",
        )
        if refusal is not None:
            print(refusal, file=err)
            return EXIT_INPUT
        if not args.json:
            print(f"Sending {estimate.summary()}.", file=err, flush=True)
        group_id = (
            history.start_group(GROUP_KIND, plan.title(), plan.to_spec()) if history else None
        )
        specs = sweep_specs(
            plan,
            request,
            provider,
            api_key,
            settings=settings,
            group_id=group_id,
            source_name=args.image.name,
        )
        ended: list[CellRun] = []

        def done(run: CellRun) -> None:
            ended.append(run)
            if not args.json:
                print_cell(run, sys.stdout, err)
            if show_progress:
                print(f"… {len(ended)} of {len(specs)} cells done", file=err, flush=True)

        runs = run_sweep(
            plan,
            specs,
            store,
            in_flight=settings.images_in_flight,
            recorder=history,
            on_done=done,
            progress=(lambda m: print(f"… {m}", file=err, flush=True))
            if show_progress
            else (lambda m: None),
        )
    except (KeyboardInterrupt, Cancelled, StudioError) as error:
        log.info("sweep ended: %s", error)
        return _finish(conclude(error=error), err)
    except OSError as error:
        log.exception("saving a sweep failed")
        print(unwritable(store.folder, error), file=err)
        return EXIT_UNWRITABLE
    sheet = None
    if args.sheet is not None:
        sheet = write_sheet(args.sheet, plan, runs, request, err)
    return summarise(plan, runs, group_id, sheet, as_json=args.json, err=err)


def print_cell(run: CellRun, out: TextIO, err: TextIO) -> None:
    """A cell's files, one line each: its key, its headings, the path; or why it failed."""
    labels = " · ".join(run.cell.labels)
    for item in run.saved:
        print(f"{run.cell.key}\t{labels}\t{item.path}", file=out, flush=True)
    if not run.complete:
        print(f"Cell {run.cell.key} ({labels}): {run.sentence()}", file=err, flush=True)


def write_sheet(
    path: Path, plan: SweepPlan, runs: list[CellRun], request: EditRequest, err: TextIO
) -> Path | None:
    height, width = request.image.shape[:2]
    cells = [run.sheet_cell() for run in runs]
    sheet = sweep_sheet(
        plan,
        cells,
        icc_profile=request.info.icc_profile,
        # the results' own shape; the photo's only when there is no result to look at
        aspect=None if any(cell.images for cell in cells) else width / height,
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written = write_atomic(path, sheet_png(sheet))
    except OSError as error:
        print(f"The contact sheet could not be written to {path} ({error.strerror}).", file=err)
        return None
    print(f"Contact sheet: {written}", file=err)
    return written


def summarise(
    plan: SweepPlan,
    runs: list[CellRun],
    group_id: int | None,
    sheet: Path | None,
    *,
    as_json: bool,
    err: TextIO,
) -> int:
    """The table (or JSON document) at the end, and the exit code."""
    notes = Counter(note for run in runs if run.outcome for note in run.outcome.notes)
    if as_json:
        print(
            json.dumps(
                _document(plan, runs, group_id, sheet, list(notes)), indent=2, ensure_ascii=False
            )
        )
    else:
        for note in notes:
            print(f"Note: {note}", file=err)
        print(_table(plan, runs), file=err)
    failed = [run for run in runs if not run.complete]
    if not failed:
        return EXIT_OK
    if all(not run.saved for run in runs):  # nothing at all: what `edit` would say
        return conclude(failed[0].outcome, failed[0].error).exit_code
    print(f"{len(runs) - len(failed)} of {len(runs)} cells saved every image.", file=err)
    return EXIT_NOTHING_SAVED


def _state(run: CellRun) -> str:
    if run.complete:
        return "saved"
    return conclude(run.outcome, run.error).state.value


def _table(plan: SweepPlan, runs: list[CellRun]) -> str:
    titles = [axis.title() for axis in plan.axes]
    rows = [["cell", *titles, "images", "state"]]
    for run in runs:
        labels = [_short(label) for label in run.cell.labels]
        rows.append([run.cell.key, *labels, f"{len(run.saved)}/{run.spec.images}", _state(run)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def _short(text: str, most: int = 32) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _document(
    plan: SweepPlan,
    runs: list[CellRun],
    group_id: int | None,
    sheet: Path | None,
    notes: list[str],
) -> dict[str, object]:
    return {
        "group": group_id,
        "plan": plan.to_spec(),
        "sheet": str(sheet) if sheet else None,
        "notes": notes,
        "cells": [
            {
                "place": list(run.cell.place),
                "key": run.cell.key,
                "labels": list(run.cell.labels),
                "job": run.job.id if run.job else None,
                "state": _state(run),
                "error": run.sentence() or None,
                "results": [
                    result_json(item) for item in (run.outcome.items if run.outcome else [])
                ],
            }
            for run in runs
        ],
    }


def dry_run_sweep(args: argparse.Namespace, plan: SweepPlan, err: TextIO) -> int:
    """`sweep --dry-run`: the cells, their options and prices; nothing is sent or saved."""
    try:
        api_key = key_from_environment()
        provider = edit_provider(args, api_key, need_key=False)
        plan, request = sweep_request(args, plan)
    except StudioError as error:
        print(error.message, file=err)
        return EXIT_INPUT
    settings = ProviderSettings.load()
    estimate = cell_estimates(plan, request, provider, settings)
    total = combined_estimate(estimate)
    first = replace(request, options=replace(plan.base, num_images=plan.images_per_cell))
    notes = refusals_ahead(first, total, settings, args.over_limit, what="This sweep")
    if args.json:
        document = {
            "dry_run": True,
            "endpoint": _endpoint(provider, plan),
            "requests": plan.requests,
            "images": plan.images,
            "estimate_usd": estimate.total,
            "notes": notes,
            "cells": [
                {
                    "place": list(cell.place),
                    "key": cell.key,
                    "labels": list(cell.labels),
                    "options": cell.options.to_names(),
                    "estimate_usd": price.known,
                }
                for cell, price in zip(plan.cells(), estimate.cells, strict=True)
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"endpoint: {_endpoint(provider, plan)}")
    for cell, price in zip(plan.cells(), estimate.cells, strict=True):
        print(f"{cell.key}\t{' · '.join(cell.labels)}\t{price.figure()}")
    print(f"total: {estimate.summary()}")
    for note in notes:
        print(f"note: {note}")
    print("Nothing was sent (dry run).", file=err)
    return EXIT_OK


def _endpoint(provider: Provider, plan: SweepPlan) -> str:
    url = provider.endpoint_for(api_for(provider, str(plan.base.api)).id)
    return url if url == "local" else public_endpoint(url)

"""`ideogram-studio batch INPUT... [--mask MASK | --mask-dir DIR] --prompt P [edit options]
--out DIR`: one edit over many photos (jobs/batch_run.py runs it).

Without --mask or --mask-dir each photo's mask is the file beside it (photo.jpg +
photo.mask.png). The output folder keeps the batch's ledger: a re-run with the same prompt,
options and masks into it skips what was saved, fetches what was answered but not saved, and
never sends again a photo whose answer did not come (--resend-unanswered sends those). Another
prompt or other options into the same folder is another batch, sent whole.

Exit codes: 0 every photo saved (now or before), 2 bad input (nothing sent), 5 some photo
failed (also on a re-run that skips what is done while a photo still fails), 6 the output
folder cannot be written, 130 Ctrl+C with photos left, also after a failed photo (the first
sends no new photo and waits for those at the server, which are paid for; a second quits at
once; the ledger is kept: a re-run resumes). The price said before sending (and by --dry-run)
counts only the photos that would be sent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from ideogram_studio.backends.batch import (
    BatchControl,
    BatchError,
    BatchProgress,
    BatchSpec,
    MaskSource,
    batch_estimate,
    collect_photos,
    options_per_photo,
    region_choice,
)
from ideogram_studio.backends.outcome import (
    EXIT_CANCELLED,
    EXIT_INPUT,
    EXIT_NOTHING_SAVED,
    EXIT_OK,
    conclude,
)
from ideogram_studio.backends.providers import key_from_environment
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.cli_common import finish, open_history
from ideogram_studio.cli_options import add_option_arguments, options_from
from ideogram_studio.cli_run import add_run_arguments, edit_provider, open_output, with_region
from ideogram_studio.cli_spend import limit_refusal
from ideogram_studio.errors import StudioError
from ideogram_studio.jobs.batch_plan import plan_of, preview
from ideogram_studio.jobs.batch_run import BatchReport, BatchRun, PhotoResult

EPILOG = (
    "exit codes: 0 every photo saved, 2 bad input (nothing sent), 5 some photo failed, "
    "6 the output folder cannot be written, 130 cancelled (a re-run resumes)"
)


def build_batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio batch",
        description=(
            "Run one edit over many photos: files, or folders (their photos, not their "
            "subfolders'). One mask for all (--mask, scaled to each photo), a folder of masks "
            "by the photos' names (--mask-dir), or by default photo.mask.png beside each "
            "photo. A failed photo does not stop the others; a re-run into the same --out "
            "resumes without paying twice for a photo."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="photos, folders")
    masks = parser.add_mutually_exclusive_group()
    masks.add_argument("--mask", type=Path, help="one mask for every photo (black = edit)")
    masks.add_argument(
        "--mask-dir", type=Path, help="a folder of masks: photo.png or photo.mask.png per photo"
    )
    parser.add_argument("--prompt", required=True, help="what the masked area should become")
    add_option_arguments(parser)
    add_run_arguments(parser, out_required=True)
    parser.add_argument(
        "--resend-unanswered",
        action="store_true",
        help="send again the photos an earlier run sent whose answer never came (they may "
        "have been billed already)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the photos, their masks and the estimated price; send nothing",
    )
    return parser


def mask_source(args: argparse.Namespace) -> MaskSource:
    if args.mask is not None:
        if not args.mask.is_file():
            raise BatchError(f"The mask {args.mask} was not found.")
        return MaskSource("one", args.mask.resolve(), args.invert_mask)
    if args.mask_dir is not None:
        if not args.mask_dir.is_dir():
            raise BatchError(f"The mask folder {args.mask_dir} was not found.")
        return MaskSource("folder", args.mask_dir.resolve(), args.invert_mask)
    return MaskSource("beside", None, args.invert_mask)


def batch_spec(args: argparse.Namespace) -> BatchSpec:
    """The batch the flags describe (StudioError with a sentence for bad input)."""
    options = options_from(args)
    with_region(options, args, 1, 1)  # a negative margin or feather is refused now
    photos = collect_photos(args.inputs, args.out)
    if not photos:
        raise BatchError("No photos were found in " + ", ".join(map(str, args.inputs)) + ".")
    region = region_choice(args.region, args.margin, args.feather, args.upscale_region)
    return BatchSpec(
        tuple(photos),
        tuple(str(path) for path in args.inputs),
        mask_source(args),
        options,
        args.out.resolve(),
        options_per_photo(options, region),
        region,
    )


def batch(argv: list[str]) -> int:
    args = build_batch_parser().parse_args(argv)
    err = sys.stderr
    try:
        spec = batch_spec(args)
        api_key = key_from_environment()
        provider = edit_provider(args, api_key, need_key=not args.dry_run)
    except StudioError as error:
        print(error.message, file=err)
        return EXIT_INPUT
    if args.dry_run:
        return dry_run(spec, provider.kind, args.json)
    output = open_output(args, err)
    if isinstance(output, int):
        return output
    settings = output.settings
    for note in output.notes:
        print(f"Note: {note}", file=err)
    images = spec.options.num_images
    if images > settings.images_in_flight:
        print(
            f"{images} images were asked for, but Settings allow {settings.images_in_flight} "
            "in progress at once: ask for fewer.",
            file=err,
        )
        return EXIT_INPUT
    show = err.isatty() and not args.json
    control = BatchControl()
    run = BatchRun(
        spec,
        provider=provider,
        api_key=api_key,
        store=output.store,
        history=output.history,
        settings=settings,
        control=control,
        resend_unanswered=args.resend_unanswered,
        on_progress=lambda progress: _progress_line(progress, err) if show else None,
        on_photo=lambda result: _photo_line(result, args.json),
    )
    plan = plan_of(run)
    others = [f for f in spec.out.glob("ideogram-batch-*.json") if f != run.ledger.file]
    if others and not run.ledger.exists and not args.json:
        print(
            f"Note: {spec.out} holds another batch (another prompt, options or masks); this "
            "one is new, so its photos are all sent.",
            file=err,
        )
    per_photo = settings.estimate_edit(spec.options, provider.kind)
    estimate = batch_estimate(per_photo, len(plan.send))  # only what is sent costs
    refusal = limit_refusal(output.history, estimate, settings.daily_limit, allowed=args.over_limit)
    if plan.send and refusal is not None:
        print(refusal.replace("This job", f"This batch of {len(plan.send)} photos"), file=err)
        return EXIT_INPUT
    try:
        # Started inside the try: a Ctrl+C while the threads start must still wait for the
        # photos already at the server (the interpreter would kill their threads mid-request).
        run.start()
        report = run.wait()
    except KeyboardInterrupt:
        # The first Ctrl+C sends no new photo and saves those at the server (paid for); a
        # second one quits at once. Either way the ledger resumes the batch.
        control.cancel()
        print(
            "Stopping: no new photo is sent, the photos at the server are still saved "
            "(Ctrl+C again to quit now).",
            file=err,
            flush=True,
        )
        try:
            report = run.wait()
        except KeyboardInterrupt:
            control.abandon()
            print(
                f"The batch's ledger is kept in {run.ledger.file}: run the same command "
                "again to resume.",
                file=err,
            )
            return finish(conclude(error=KeyboardInterrupt()), err)
    _summary(report, err, as_json=args.json, estimate=estimate.to_json())
    if report.cancelled and report.left:  # Ctrl+C: the hint and 130, whatever failed before
        failed = len(report.failed)
        listed = (
            " (1 failed photo is listed above)"
            if failed == 1
            else f" ({failed} failed photos are listed above)"
            if failed
            else ""
        )
        print(f"Run the same command again to resume the batch{listed}.", file=err)
        return EXIT_CANCELLED
    if report.failed:
        return EXIT_NOTHING_SAVED
    return EXIT_CANCELLED if report.left else EXIT_OK


def dry_run(spec: BatchSpec, kind: object, as_json: bool) -> int:
    """The photos, each one's mask, and the estimated price of those that would be sent
    (not those saved before, fetched again, or without a mask); nothing is sent."""
    settings = ProviderSettings.load()
    plan = preview(spec, open_history(), settings)
    per_photo = settings.estimate_edit(spec.options, kind)  # type: ignore[arg-type]
    estimate = batch_estimate(per_photo, len(plan.send))
    rows = []
    for photo in spec.photos:
        mask = spec.mask.file_for(photo)
        rows.append({"photo": str(photo), "mask": str(mask), "found": mask.is_file()})
    if as_json:
        document = {
            "photos": rows,
            "estimate": estimate.to_json(),
            "to_send": len(plan.send),
            "to_fetch": len(plan.fetch),
            "saved_before": plan.done,
            "unanswered": plan.unanswered,
            "without_mask": len(plan.no_mask),
            "sent": False,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    for row in rows:
        said = row["mask"] if row["found"] else f"{row['mask']} (not found: this photo would fail)"
        print(f"{row['photo']}\tmask: {said}")
    print(f"{plan.text('estimate: ' + estimate.figure())} · nothing was sent")
    return EXIT_OK


def _progress_line(progress: BatchProgress, err: TextIO) -> None:
    print(f"… {progress.text()}", file=err, flush=True)


def _photo_line(result: PhotoResult, as_json: bool) -> None:
    if not as_json:
        for path in result.paths:
            print(path, flush=True)


def _summary(report: BatchReport, err: TextIO, *, as_json: bool, estimate: object) -> None:
    if as_json:
        document = {
            "ledger": str(report.ledger),
            "group": report.group_id,
            "estimate": estimate,
            "photos": [
                {
                    "photo": str(r.photo),
                    "state": r.state,
                    "paths": r.paths,
                    "error": r.error,
                    "job": r.job,
                    "fetched": r.fetched,
                }
                for r in report.results
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return
    width = max(len(r.photo.name) for r in report.results)
    print(f"{'photo':<{width}}  state    files or reason", file=err)
    for r in report.results:
        said = ", ".join(Path(p).name for p in r.paths) if r.paths else (r.error or "")
        print(f"{r.photo.name:<{width}}  {r.state:<7}  {said}", file=err)
    failed = len(report.failed)
    saved = sum(1 for r in report.results if r.state in ("saved", "skipped"))
    left = f", {report.left} left" if report.left else ""
    print(f"{saved} of {len(report.results)} photos saved, {failed} failed{left}.", file=err)
    for r in report.failed:
        print(f"Failed: {r.error}", file=err)

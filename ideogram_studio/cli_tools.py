"""The headless Describe and Upscale: `ideogram-studio describe IMAGE [--mask MASK]` prints the
prompts Ideogram suggests for a photo (or for the crop a region edit of MASK would send), one a
line; `ideogram-studio upscale IMAGE [--resemblance N] [--detail N] [--prompt P]` saves the
upscaled images as new results, recorded in the history and linked to IMAGE when it is one of
its results. Both take the provider options and environment variables of `edit`, and its exit
codes (cli.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

import numpy as np
import requests

from ideogram_studio.backends.describe import describe_request
from ideogram_studio.backends.dry_run import print_dry_run
from ideogram_studio.backends.outcome import EXIT_INPUT, EXIT_OK, Cancelled, conclude
from ideogram_studio.backends.providers import (
    DESCRIBE,
    UPSCALE,
    Provider,
    ProviderKind,
    key_from_environment,
    public_endpoint,
    resolve_provider,
)
from ideogram_studio.backends.request import EditOptions, EditRequest, RequestError
from ideogram_studio.backends.service import JobSpec, api_for, prepare_sending, run_job
from ideogram_studio.backends.settings import ENV_KEY, ProviderSettings
from ideogram_studio.backends.tool_answers import offline_cannot_upscale
from ideogram_studio.backends.upscale import (
    DEFAULT_LEVEL,
    Parent,
    UpscaleOptions,
    UpscaleRequest,
)
from ideogram_studio.cli_common import (
    EPILOG,
    EXIT_UNWRITABLE,
    finish,
    report,
    unwritable,
)
from ideogram_studio.cli_run import add_provider_arguments, open_output
from ideogram_studio.core.mask import marks_edit
from ideogram_studio.core.maskfile import read_mask
from ideogram_studio.core.photo import read_photo
from ideogram_studio.errors import StudioError
from ideogram_studio.jobs.archive import JobArchive

log = logging.getLogger(__name__)


def add_provider_options(parser: argparse.ArgumentParser) -> None:
    """--provider and --base-url, as `edit` takes them, and --api-path."""
    add_provider_arguments(parser)
    parser.add_argument(
        "--api-path",
        metavar="PATH",
        help="this API's path relative to the base URL (relays differ); overrides the preset's",
    )


def chosen_provider(
    args: argparse.Namespace, api: str, *, need_key: bool = True
) -> tuple[Provider, str | None]:
    """The provider and key the options and environment choose (RequestError if unusable).
    `need_key=False` (a dry run) resolves a remote provider without a key."""
    api_key = key_from_environment()
    kind = args.provider or os.environ.get("IDEOGRAM_PROVIDER") or None
    if kind is None and not need_key:  # what would go to Ideogram, even without a key yet
        kind = "ideogram"
    provider = resolve_provider(
        kind,
        args.base_url or os.environ.get("IDEOGRAM_BASE_URL"),
        api_key or (None if need_key else "(not needed for a dry run)"),
        paths={api: args.api_path} if args.api_path else None,
    )
    return provider, api_key


def progress_printer(args: argparse.Namespace):  # noqa: ANN201 - a Progress
    show = sys.stderr.isatty() and not args.json

    def progress(message: str) -> None:
        if show:
            print(f"… {message}", file=sys.stderr, flush=True)

    return progress


# ------------------------------------------------------------------ describe IMAGE


def build_describe_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio describe",
        description=(
            "Print the prompts Ideogram suggests for a photo, one a line; with --mask, for the "
            "region around the mask that an edit would send. Saves nothing; Ideogram "
            "publishes no price for it."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("image", type=Path, help="the photo to describe")
    parser.add_argument(
        "--mask",
        type=Path,
        help="describe only the crop a region edit of this mask would send (black = edit)",
    )
    parser.add_argument(
        "--invert-mask", action="store_true", help="the mask marks the edit area in white"
    )
    add_provider_options(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def describe(argv: list[str]) -> int:
    args = build_describe_parser().parse_args(argv)
    err = sys.stderr
    api_key = None
    try:
        provider, api_key = chosen_provider(args, DESCRIBE)
        if provider.kind is ProviderKind.LOCAL:
            raise RequestError(
                "Describe needs Ideogram or a relay: the offline backend cannot describe "
                "photos (set IDEOGRAM_API_KEY)."
            )
        photo = read_photo(args.image)
        if args.mask is not None:
            mask = read_mask(args.mask, photo.width, photo.height, white_is_edit=args.invert_mask)
            if not marks_edit(mask):
                raise RequestError(
                    "The mask marks nothing, so there is no region to describe: give a mask "
                    "whose black part covers what to describe (or --invert-mask)."
                )
        else:
            mask = np.zeros((photo.height, photo.width), np.uint8)
        options = EditOptions(edit_region=args.mask is not None)
        request = EditRequest(photo.pixels, mask, options, photo.info)
        notes: list[str] = []  # what the server says of its endpoint (deprecated…)
        texts, region = describe_request(
            request, provider, api_key, progress=progress_printer(args), notes=notes
        )
    except (KeyboardInterrupt, Cancelled, StudioError) as error:
        log.info("describe ended: %s", error)
        return finish(conclude(error=error), err)
    except requests.RequestException as error:
        log.exception("describe failed in the network layer")
        return finish(conclude(error=error, api_key=api_key), err)
    if args.json:
        document = {
            "image": str(args.image),
            "endpoint": public_endpoint(provider.endpoint_for("describe")),
            "region": region.describe() if region is not None else None,
            "descriptions": texts,
            "notes": notes,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for note in notes:
            print(f"Note: {note}", file=err)
        for text in texts:  # one a line, whatever line breaks a description holds
            print(" ".join(text.split()), flush=True)
    log.info("describe gave %d descriptions", len(texts))
    return 0


# ------------------------------------------------------------------ upscale IMAGE


def level(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a whole number from 1 to 100") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{value} is not from 1 to 100")
    return value


def build_upscale_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio upscale",
        description=(
            "Upscale an image (a saved result, or any photo) with Ideogram's Upscale; the "
            "larger images are saved as new results, in the image's format and colour profile, "
            "and recorded in the history (linked to the result they came from). Ideogram "
            "publishes no price for it. The API key is read from IDEOGRAM_API_KEY."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("image", type=Path, help="the image to upscale")
    parser.add_argument(
        "--resemblance",
        type=level,
        default=DEFAULT_LEVEL,
        help=f"how closely the result keeps to the image, 1 to 100 (default {DEFAULT_LEVEL})",
    )
    parser.add_argument(
        "--detail",
        type=level,
        default=DEFAULT_LEVEL,
        help=f"how much detail is added, 1 to 100 (default {DEFAULT_LEVEL})",
    )
    parser.add_argument("--prompt", help="optional: what the image shows, to guide the detail")
    add_provider_options(parser)
    parser.add_argument("--out", type=Path, help="folder for the results (default: app data)")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the endpoint, every field and file (name, type, bytes, pixels; never "
        "contents or the key) and the estimated price, and send nothing; needs no API key",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def upscale_request(args: argparse.Namespace, history: JobArchive | None) -> UpscaleRequest:
    photo = read_photo(args.image)
    options = UpscaleOptions(
        resemblance=args.resemblance, detail=args.detail, prompt=args.prompt or ""
    )
    return UpscaleRequest(photo.pixels, options, photo.info, parent_of(args.image, history))


def dry_run_upscale(args: argparse.Namespace) -> int:
    """`upscale --dry-run`: what would be sent, printed; nothing is sent, saved or recorded."""
    try:
        provider, api_key = chosen_provider(args, UPSCALE, need_key=False)
        if provider.kind is ProviderKind.LOCAL:
            raise RequestError(f"{offline_cannot_upscale()[:-1]} (set IDEOGRAM_API_KEY).")
        request = upscale_request(args, None)
        api = api_for(provider, UPSCALE)
        sending = prepare_sending(request, api)
        multipart = api.multipart(sending.request, sending.upload)  # type: ignore[attr-defined]
        url = provider.endpoint_for(UPSCALE)
    except StudioError as error:
        print(error.message, file=sys.stderr)
        return EXIT_INPUT
    estimate = ProviderSettings.load().estimate_upscale(request.options.num_images, provider.kind)
    key_note = (
        f"the key in {ENV_KEY} would be sent (it is not shown)"
        if api_key
        else f"no API key is set: a real run needs {ENV_KEY}"
    )
    print_dry_run(
        url,
        multipart,
        estimate,
        as_json=args.json,
        auth_header=next(iter(provider.auth_headers("-"))),  # its name only
        notes=[*sending.upload.notes, key_note],
    )
    return EXIT_OK


def upscale(argv: list[str]) -> int:
    args = build_upscale_parser().parse_args(argv)
    if args.dry_run:
        return dry_run_upscale(args)
    err = sys.stderr
    output = open_output(args, err)
    if isinstance(output, int):
        return output
    store, history, notes = output.store, output.history, output.notes
    api_key = None
    try:
        provider, api_key = chosen_provider(args, UPSCALE)
        if provider.kind is ProviderKind.LOCAL:
            raise RequestError(f"{offline_cannot_upscale()[:-1]} (set IDEOGRAM_API_KEY).")
        request = upscale_request(args, history)
        parent = request.parent
        images = request.options.num_images
        estimate = output.settings.estimate_upscale(images, provider.kind).total
        spec = JobSpec(request, provider, api_key, args.image.name, api=UPSCALE, estimate=estimate)
        job, outcome = run_job(
            spec,
            store,
            progress=progress_printer(args),
            on_saved=lambda item: None if args.json else print(item.path, flush=True),
            recorder=history,
        )
    except (KeyboardInterrupt, Cancelled, StudioError) as error:
        log.info("upscale ended: %s", error)
        return finish(conclude(error=error), err)
    except requests.RequestException as error:
        log.exception("upscale failed in the network layer")
        return finish(conclude(error=error, api_key=api_key), err)
    except OSError as error:  # a full disk or a folder that turned read-only
        log.exception("saving an upscaled image failed")
        print(unwritable(store.folder, error), file=err)
        return EXIT_UNWRITABLE
    outcome.notes = notes + outcome.notes
    return report(
        job,
        outcome,
        as_json=args.json,
        err=err,
        command="upscale",
        extra={"upscale_of": parent.describe() if parent else None},
    )


def parent_of(image: Path, history: JobArchive | None) -> Parent:
    """The history's result that `image` is (its files are named `<job stem>-<number>`, the
    stem ending in the job's key), so the upscale is linked to it; else just its name."""
    alone = Parent(file=image.name)
    stem, _, number = image.stem.rpartition("-")
    key = stem.rpartition("-")[2]
    if history is None or not number.isdigit() or len(key) != 8:
        return alone
    try:
        row = history.find(key)
    except Exception:  # a locked history: the upscale runs all the same, unlinked
        log.warning("the history could not be searched for %s", image, exc_info=True)
        return alone
    if row is None or row.job_key != key:
        return alone
    for result in row.results:
        if result.path is not None and _same_file(result.path, image):
            return Parent(row.id, result.index, result.id, image.name)
    return alone


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False

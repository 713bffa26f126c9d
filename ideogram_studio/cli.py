"""The headless command line: `ideogram-studio edit IMAGE --mask MASK --prompt TEXT ...`.

Exit codes: 0 at least one image saved; 2 bad input (nothing sent); 3 the server refused the
request (4xx); 4 network or server failure; 5 the edit ran but no image could be saved
(all withheld or failed to download); 130 cancelled with Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from ideogram_studio.backends.outcome import (
    EXIT_CANCELLED,
    EXIT_INPUT,
    EXIT_NETWORK,
    EXIT_NOTHING_SAVED,
    EXIT_OK,
    EXIT_REFUSED,
    Cancelled,
    ItemStatus,
    Verdict,
    conclude,
)
from ideogram_studio.backends.providers import key_from_environment, resolve_provider
from ideogram_studio.backends.request import (
    EditOptions,
    EditRequest,
    MagicPrompt,
    Model,
    RequestError,
    StyleType,
)
from ideogram_studio.backends.service import JobSpec, run_job
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.core.files import default_output_folder
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.maskfile import read_mask
from ideogram_studio.core.region import DEFAULT_FEATHER, region_by_default
from ideogram_studio.errors import StudioError
from ideogram_studio.jobs.archive import JobArchive

# The exit codes live with conclude(), which picks them; named here for callers of main().
__all__ = [
    "EXIT_CANCELLED",
    "EXIT_INPUT",
    "EXIT_NETWORK",
    "EXIT_NOTHING_SAVED",
    "EXIT_OK",
    "EXIT_REFUSED",
    "build_parser",
    "main",
    "open_history",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio edit",
        description=(
            "Edit the masked part of a photo with Ideogram, or locally without a key. "
            "The API key is read from IDEOGRAM_API_KEY, never from the command line."
        ),
        epilog=(
            "exit codes: 0 saved, 2 bad input, 3 refused by the server (4xx), "
            "4 network or server failure, 5 nothing could be saved, 130 cancelled"
        ),
    )
    parser.add_argument("image", type=Path, help="the photo to edit")
    parser.add_argument(
        "--mask", type=Path, required=True, help="mask image: black = edit, white = keep"
    )
    parser.add_argument("--prompt", required=True, help="what the masked area should become")
    parser.add_argument("--model", choices=[m.value for m in Model], default=Model.V_2.value)
    parser.add_argument("--magic-prompt", choices=[m.value for m in MagicPrompt])
    parser.add_argument("--style-type", choices=[s.value for s in StyleType])
    parser.add_argument("--seed", type=int, help="0 to 2147483647; random when left out")
    parser.add_argument("--num-images", type=int, default=1, help="1 to 8")
    parser.add_argument(
        "--provider",
        choices=["ideogram", "relay", "local"],
        help="default: $IDEOGRAM_PROVIDER, else ideogram with a key, local without",
    )
    parser.add_argument("--base-url", help="default: $IDEOGRAM_BASE_URL, else the preset's")
    parser.add_argument(
        "--invert-mask", action="store_true", help="the mask marks the edit area in white"
    )
    parser.add_argument("--out", type=Path, help="folder for the results (default: app data)")
    region = parser.add_mutually_exclusive_group()
    region.add_argument(
        "--region",
        dest="region",
        action="store_true",
        default=None,
        help="send only a padded crop around the mask and paste the results back at full "
        "resolution (default for photos over one megapixel)",
    )
    region.add_argument("--whole", dest="region", action="store_false", help="send the whole photo")
    parser.add_argument(
        "--margin",
        type=int,
        help="region edits: pixels of context around the mask "
        "(default: a quarter of the mask's size)",
    )
    parser.add_argument(
        "--feather",
        type=int,
        default=DEFAULT_FEATHER,
        help=f"region edits: blend width outside the mask in pixels (default {DEFAULT_FEATHER})",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def open_history() -> JobArchive | None:
    """The app's history, so command-line edits show up in the window; None if unavailable."""
    try:
        return JobArchive()
    except Exception:  # a broken or locked database must not stop an edit
        return None


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    err = sys.stderr
    show_progress = err.isatty() and not args.json

    def progress(message: str) -> None:
        if show_progress:
            print(f"… {message}", file=err, flush=True)

    try:
        api_key = key_from_environment()
        provider = resolve_provider(
            args.provider or os.environ.get("IDEOGRAM_PROVIDER"),
            args.base_url or os.environ.get("IDEOGRAM_BASE_URL"),
            api_key,
        )
        image = load_image(args.image)
        height, width = image.shape[:2]
        mask = read_mask(args.mask, width, height, white_is_edit=args.invert_mask)
        if (args.margin is not None and args.margin < 0) or args.feather < 0:
            raise RequestError("--margin and --feather are pixel counts: 0 or more.")
        use_region = region_by_default(width, height) if args.region is None else args.region
        options = EditOptions(
            prompt=args.prompt,
            model=Model(args.model),
            magic_prompt=MagicPrompt(args.magic_prompt) if args.magic_prompt else None,
            style_type=StyleType(args.style_type) if args.style_type else None,
            seed=args.seed,
            num_images=args.num_images,
            edit_region=use_region,
            margin=args.margin,
            feather=args.feather,
        )
        spec = JobSpec(EditRequest(image, mask, options), provider, api_key, args.image.name)
        job, outcome = run_job(
            spec,
            ResultStore(args.out or default_output_folder()),
            progress=progress,
            on_saved=lambda item: None if args.json else print(item.path, flush=True),
            recorder=open_history(),
        )
    except (KeyboardInterrupt, Cancelled, StudioError) as error:  # a bug shows its traceback
        return _finish(conclude(error=error), err)

    for note in outcome.notes:
        if not args.json:
            print(f"Note: {note}", file=err)
    for item in outcome.items:
        if item.status is not ItemStatus.READY and not args.json:
            print(f"Image {item.index + 1}: {item.error}", file=err)
    if args.json:
        document = {
            "backend": outcome.backend,
            "endpoint": outcome.endpoint,
            "mask": str(job.mask_path) if job.mask_path else None,
            "notes": outcome.notes,
            "results": [
                {
                    "index": item.index,
                    "status": item.status.value,
                    "path": str(item.path) if item.path else None,
                    "seed": item.seed,
                    "prompt": item.prompt,
                    "resolution": item.resolution,
                    "error": item.error,
                }
                for item in outcome.items
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    return _finish(conclude(outcome), err)


def _finish(verdict: Verdict, err: TextIO) -> int:
    if verdict.final_line is not None:
        print(verdict.final_line, file=err)
    return verdict.exit_code

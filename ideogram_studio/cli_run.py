"""What the commands that run edits share (`edit`, `sweep`, `batch`): their provider, region,
saving and output arguments, the provider they choose, the region options for a photo, and
the output folder with its history, set up as `edit` does."""

from __future__ import annotations

import argparse
import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ideogram_studio.backends.options import EditOptions
from ideogram_studio.backends.providers import Provider, resolve_provider
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.settings import RESULT_FORMATS, ProviderSettings
from ideogram_studio.backends.storage import ResultStore, SaveChoice
from ideogram_studio.cli_common import (
    EXIT_UNWRITABLE,
    data_folder_problem,
    housekeeping,
    open_history,
)
from ideogram_studio.cli_options import api_paths
from ideogram_studio.cli_spend import OVER_LIMIT_HELP
from ideogram_studio.core.files import default_output_folder
from ideogram_studio.core.region import DEFAULT_FEATHER, region_by_default
from ideogram_studio.jobs.archive import JobArchive


def add_provider_arguments(parser: argparse.ArgumentParser) -> None:
    """--provider and --base-url: every command that reaches an API takes them."""
    parser.add_argument(
        "--provider",
        choices=["ideogram", "relay", "local"],
        help="default: $IDEOGRAM_PROVIDER, else ideogram with a key, local without",
    )
    parser.add_argument("--base-url", help="default: $IDEOGRAM_BASE_URL, else the preset's")


def add_run_arguments(parser: argparse.ArgumentParser, *, out_required: bool = False) -> None:
    """The provider, mask, region, saving and output flags every editing command takes."""
    add_provider_arguments(parser)
    parser.add_argument(
        "--invert-mask", action="store_true", help="the mask marks the edit area in white"
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=out_required,
        help="folder for the results" + ("" if out_required else " (default: app data)"),
    )
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
    parser.add_argument(
        "--format",
        choices=list(RESULT_FORMATS),
        help="file format of the results: auto is the photo's own (JPEG for HEIC); "
        "default: as in Settings, else auto",
    )
    parser.add_argument(
        "--strip-location",
        action="store_true",
        help="remove GPS location from the metadata the results carry over from the photo "
        "(also on when Settings say so)",
    )
    parser.add_argument("--over-limit", action="store_true", help=OVER_LIMIT_HELP)
    parser.add_argument(
        "--upscale-region",
        action="store_true",
        help="region edits: upscale each result before it is blended in when the region is "
        "over twice the size the API returns (one Upscale per image; price unknown)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def edit_provider(
    args: argparse.Namespace, api_key: str | None, *, need_key: bool = True
) -> Provider:
    """The provider the options and the environment choose (without a key and a choice, the
    local backend). `need_key=False` (a dry run) resolves a remote one without a key."""
    kind = args.provider or os.environ.get("IDEOGRAM_PROVIDER") or None
    if kind is None:
        kind = "ideogram" if api_key else "local"
    return resolve_provider(
        kind,
        args.base_url or os.environ.get("IDEOGRAM_BASE_URL"),
        api_key or (None if need_key else "(not needed for a dry run)"),
        paths=api_paths(args),
    )


def with_region(
    options: EditOptions, args: argparse.Namespace, width: int, height: int
) -> EditOptions:
    """`options` with the region choice of the flags for a photo of this size (a region edit
    by default over one megapixel). Raises RequestError for a negative margin or feather."""
    if (args.margin is not None and args.margin < 0) or args.feather < 0:
        raise RequestError("--margin and --feather are pixel counts: 0 or more.")
    use_region = region_by_default(width, height) if args.region is None else args.region
    return dataclasses.replace(
        options,
        edit_region=use_region,
        margin=args.margin,
        feather=args.feather,
        upscale_region=args.upscale_region,
    )


@dataclass
class Output:
    """Where a run's results go, its history (None: not recorded) and the settings it read."""

    store: ResultStore
    history: JobArchive | None
    settings: ProviderSettings
    notes: list[str] = field(default_factory=list)  # said before the run's own notes


def open_output(args: argparse.Namespace, err: TextIO) -> Output | int:
    """The result folder (--out, else the app's), the history and the settings, after the
    housekeeping every run does; an exit code (6) when the results could not be written."""
    notes: list[str] = []
    problem = data_folder_problem(args.out, notes)
    if problem:
        print(problem, file=err)
        return EXIT_UNWRITABLE
    history = open_history() if not notes else None
    if history is None and not notes:
        notes.append("The history cannot be opened; this job is not recorded in it.")
    settings = ProviderSettings.load()
    stored = settings.save_choice()
    saving = SaveChoice(  # commands without these flags (upscale) take the Settings' choice
        getattr(args, "format", None) or stored.format,
        getattr(args, "strip_location", False) or stored.strip_location,
    )
    store = ResultStore(args.out or default_output_folder(), saving)
    housekeeping(history, store.folder)
    return Output(store, history, settings, notes)

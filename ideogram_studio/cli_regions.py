"""`ideogram-studio edit IMAGE --prompt-region MASK1 "prompt one" --prompt-region MASK2 "prompt
two" [edit options]`: several prompts in one photo (backends/prompt_regions.py).

One job per region, one after the other (each within the images in flight), each an ordinary
edit with that region's mask and prompt: `--region` sends only a crop around that region's
mask, `--whole` the whole photo for each region (more context; the composite still takes only
that region's feathered area from its answer). Then one composite per image index, the k-th
of every region's images, saved beside them with each region's mask and printed, one path a
line. The daily limit counts all the regions' estimates together.

Exit codes as edit's: 0 every region's images saved and every composite complete; 2 bad input
(nothing sent; also --prompt-region mixed with --mask or --prompt); 5 when a region failed
or a composite lacks a region's image while other composites or regions were saved (said
region by region); when every region failed, the first failure's code (3 refused, 4 network,
5 nothing saved); 6 unwritable; 130 cancelled (no composite is made then; the regions'
images saved so far stay).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import dataclass, field
from typing import TextIO

import requests

from ideogram_studio.backends.outcome import (
    EXIT_INPUT,
    EXIT_NOTHING_SAVED,
    EXIT_OK,
    Cancelled,
    EditOutcome,
    ItemStatus,
    ResultItem,
    conclude,
)
from ideogram_studio.backends.prompt_regions import (
    GROUP_KIND,
    MaskFile,
    PromptRegion,
    RegionPick,
    SavedComposite,
    composites_state,
    estimate_regions,
    region_areas,
    region_job_specs,
    region_requests,
    regions_spec,
    regions_title,
    remove_region_masks,
    save_composite,
    save_region_masks,
    total_estimate,
)
from ideogram_studio.backends.providers import key_from_environment
from ideogram_studio.backends.request import EditRequest, RequestError
from ideogram_studio.backends.service import JobSpec, run_job
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import Job
from ideogram_studio.cli_common import EXIT_UNWRITABLE, result_json, unwritable
from ideogram_studio.cli_common import finish as _finish
from ideogram_studio.cli_options import options_from
from ideogram_studio.cli_run import Output, edit_provider, open_output, with_region
from ideogram_studio.cli_spend import edit_dry_run, limit_refusal, refusals_ahead
from ideogram_studio.core.maskfile import read_mask
from ideogram_studio.core.photo import read_photo
from ideogram_studio.errors import StudioError

log = logging.getLogger(__name__)

MIXED = "--prompt-region gives each region its own mask and prompt: leave out --mask and --prompt."


def add_region_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--prompt-region",
        nargs=2,
        action="append",
        metavar=("MASK", "PROMPT"),
        dest="prompt_regions",
        help="a region's mask (black = edit) and its prompt; repeat for each region: one "
        "edit per region, then one composite per image (instead of --mask and --prompt)",
    )


def region_requests_of(args: argparse.Namespace) -> list[EditRequest]:
    """The photo, each region's mask (read at the photo's size) and prompt, as requests."""
    photo = read_photo(args.image)
    regions = [
        PromptRegion(
            read_mask(mask, photo.width, photo.height, white_is_edit=args.invert_mask), prompt
        )
        for mask, prompt in args.prompt_regions
    ]
    options = with_region(options_from(args), args, photo.width, photo.height)
    return region_requests(photo.pixels, regions, options, photo.info)


def edit_regions(args: argparse.Namespace) -> int:
    """`edit` with --prompt-region: the regions' jobs, then their composites."""
    err = sys.stderr
    if args.mask is not None or args.prompt is not None:
        print(MIXED, file=err)
        return EXIT_INPUT
    if args.dry_run:
        return dry_run_regions(args)
    try:
        options_from(args)  # a flag of the other API: refused before anything is set up
    except RequestError as error:
        return _finish(conclude(error=error), err)
    output = open_output(args, err)
    if isinstance(output, int):
        return output
    run = RegionsRun(args, output, err)
    try:
        return run.run()
    except (KeyboardInterrupt, Cancelled) as error:
        log.info("prompt regions ended: %s", error)
        return _finish(conclude(error=error), err)
    except OSError as error:  # a full disk or a folder that turned read-only
        log.exception("saving a composite or a mask failed")
        print(unwritable(output.store.folder, error), file=err)
        return EXIT_UNWRITABLE


def dry_run_regions(args: argparse.Namespace) -> int:
    """Each region's request as `edit --dry-run` shows it, then the total; nothing is sent."""
    settings = ProviderSettings.load()
    try:
        api_key = key_from_environment()
        provider = edit_provider(args, api_key, need_key=False)
        requests_ = region_requests_of(args)
        reports = [
            edit_dry_run(request, provider, key_set=api_key is not None, settings=settings)
            for request in requests_
        ]
    except StudioError as error:
        print(error.message, file=sys.stderr)
        return EXIT_INPUT
    total = total_estimate([report.estimate for report in reports])
    summary = estimate_regions(requests_, settings, provider.kind, provider).summary()
    refusals = refusals_ahead(
        requests_[0], total, settings, args.over_limit, what="These prompt regions"
    )
    if args.json:
        document = {
            "dry_run": True,
            "regions": [
                {"region": number, "prompt": request.options.prompt, **report.to_json()}
                for number, (request, report) in enumerate(zip(requests_, reports, strict=True), 1)
            ],
            "total": total.to_json() | {"requests": len(reports), "summary": summary},
            "notes": refusals,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    for number, report in enumerate(reports, start=1):
        print(f"region {number}:")
        print("\n".join(f"  {line}" for line in report.lines()))
    print(f"total: {summary}")
    for note in refusals:
        print(f"note: {note}")
    return EXIT_OK


@dataclass
class RegionRun:
    """One region's job as it ended: its outcome, or the sentence and code it failed with."""

    number: int
    prompt: str
    job: Job | None = None
    outcome: EditOutcome | None = None
    error: str | None = None
    code: int = EXIT_OK

    def refetchable(self) -> bool:
        """Whether some billed image of it was not saved and can be downloaded again."""
        items = self.outcome.items if self.outcome else []
        return any(
            item.url and item.path is None and item.status is ItemStatus.FAILED for item in items
        )

    def image(self, index: int) -> ResultItem | None:
        """Its `index`-th image, saved, or None."""
        for item in self.outcome.items if self.outcome else []:
            if item.index == index and item.status is ItemStatus.READY and item.path:
                return item
        return None


@dataclass
class RegionsRun:
    args: argparse.Namespace
    output: Output
    err: TextIO
    regions: list[RegionRun] = field(default_factory=list)
    composites: list[SavedComposite] = field(default_factory=list)
    missing: dict[int, list[int]] = field(default_factory=dict)  # composite -> regions
    group_id: int | None = None  # the history's group of the run, if recorded

    def run(self) -> int:
        args, err, output = self.args, self.err, self.output
        store, history, settings = output.store, output.history, output.settings
        api_key = None
        try:
            api_key = key_from_environment()
            provider = edit_provider(args, api_key)
            requests_ = region_requests_of(args)
            images = requests_[0].options.num_images
            if images > settings.images_in_flight:
                raise RequestError(
                    f"{images} images were asked for, but Settings allow "
                    f"{settings.images_in_flight} in progress at once: ask for fewer."
                )
            estimates = estimate_regions(requests_, settings, provider.kind, provider).cells
            total = total_estimate(estimates)
        except StudioError as error:
            return _finish(conclude(error=error), err)
        refusal = limit_refusal(
            history,
            total,
            settings.daily_limit,
            allowed=args.over_limit,
            what="These prompt regions",
        )
        if refusal is not None:
            print(refusal, file=err)
            return EXIT_INPUT
        regions = [PromptRegion(r.mask, r.options.prompt) for r in requests_]
        masks = save_region_masks(store.folder, regions)
        group_id = self.group_id = self._start_group(regions, masks, requests_[0])
        specs = region_job_specs(
            requests_,
            provider,
            api_key,
            source_name=args.image.name,
            group_id=group_id,
            estimates=estimates,
        )
        for number, spec in enumerate(specs, start=1):
            self.regions.append(self._run_region(number, spec, api_key))
        self._save_composites(requests_, masks, group_id)
        if not self.composites and not any(r.outcome and r.outcome.saved for r in self.regions):
            remove_region_masks(masks)  # nothing beside them: no orphans
            masks = []
        if history is not None and group_id is not None and self.composites:
            try:
                history.set_group_state(group_id, composites_state(self.composites))
            except Exception:  # the files are saved; the history is told no more
                log.warning("the regions' group state could not be recorded", exc_info=True)
        return self._report(masks)

    def _start_group(
        self, regions: list[PromptRegion], masks: list[MaskFile], base: EditRequest
    ) -> int | None:
        history = self.output.history
        if history is None:
            return None
        try:
            spec = regions_spec(regions, masks, base.options)
            return history.start_group(GROUP_KIND, regions_title(regions), spec)
        except Exception:  # a history that cannot be written never stops the edit
            log.warning("the regions' group could not be recorded", exc_info=True)
            return None

    def _run_region(self, number: int, spec: JobSpec, api_key: str | None) -> RegionRun:
        region = RegionRun(number, spec.request.options.prompt)
        show = self.err.isatty() and not self.args.json

        def progress(message: str) -> None:
            if show:
                print(f"… region {number}: {message}", file=self.err, flush=True)

        try:
            region.job, region.outcome = run_job(
                spec, self.output.store, progress=progress, recorder=self.output.history
            )
        except (KeyboardInterrupt, Cancelled):
            raise
        except (StudioError, requests.RequestException) as error:
            verdict = conclude(error=error, api_key=api_key)
            region.error, region.code = verdict.final_line or verdict.message, verdict.exit_code
            return region
        verdict = conclude(region.outcome)
        if verdict.exit_code != EXIT_OK:
            region.error, region.code = verdict.final_line or verdict.message, verdict.exit_code
        return region

    def _save_composites(
        self, requests_: list[EditRequest], masks: list[MaskFile], group_id: int | None
    ) -> None:
        count = max((len(r.outcome.items) for r in self.regions if r.outcome), default=0)
        areas = None
        for index in range(count):
            items = [region.image(index) for region in self.regions]
            if not any(items):
                continue
            areas = areas or region_areas(requests_)
            picks = [
                RegionPick.of(region.job, item) if item and region.job else RegionPick(None)
                for region, item in zip(self.regions, items, strict=True)
            ]
            outcome = next(r.outcome for r in self.regions if r.outcome)
            saved = save_composite(
                self.output.store,
                requests_,
                picks,
                masks,
                index=index,
                areas=areas,
                backend=outcome.backend,
                endpoint=outcome.endpoint,
                group_id=group_id,
                beside=self.composites[0] if self.composites else None,
            )
            self.composites.append(saved)
            lacking = [r.number for r, item in zip(self.regions, items, strict=True) if not item]
            if lacking:
                self.missing[index] = lacking
            if not self.args.json:
                print(saved.path, flush=True)

    def _report(self, masks: list[MaskFile]) -> int:
        err, as_json = self.err, self.args.json
        notes = list(self.output.notes)
        for region in self.regions:
            for note in region.outcome.notes if region.outcome else []:
                if note not in notes:
                    notes.append(note)
        if not as_json:
            for note in notes:
                print(f"Note: {note}", file=err)
            for region in self.regions:
                if region.error:
                    print(f"Region {region.number} (“{region.prompt}”): {region.error}", file=err)
                if region.job is not None and region.refetchable():
                    print(
                        f"Fetch the missing images of region {region.number} again with: "
                        f"ideogram-studio fetch {region.job.id}",
                        file=err,
                    )
            for index, lacking in self.missing.items():
                which = ", ".join(str(n) for n in lacking)
                print(
                    f"Composite {index + 1} keeps the original photo in region {which}: "
                    "it has no image there.",
                    file=err,
                )
        code = self._exit_code()
        if as_json:
            print(json.dumps(self._document(masks, notes, code), indent=2, ensure_ascii=False))
        elif code == EXIT_OK:
            print(f"{len(self.composites)} composites saved.", file=err)
        return code

    def _exit_code(self) -> int:
        failed = [region for region in self.regions if region.code != EXIT_OK]
        if not self.composites:
            return failed[0].code if failed else EXIT_NOTHING_SAVED
        return EXIT_NOTHING_SAVED if failed or self.missing else EXIT_OK

    def _document(self, masks: list[MaskFile], notes: list[str], code: int) -> dict[str, object]:
        return {
            "exit_code": code,
            "group": self.group_id,
            "masks": [{"path": str(m.path), "sha256": m.sha256} for m in masks],
            "regions": [
                {
                    "region": region.number,
                    "prompt": region.prompt,
                    "job": region.job.id if region.job else None,
                    "error": region.error,
                    "results": [
                        result_json(item)
                        for item in (region.outcome.items if region.outcome else [])
                    ],
                }
                for region in self.regions
            ],
            "composites": [
                {
                    "index": saved.index,
                    "path": str(saved.path),
                    "missing_regions": self.missing.get(saved.index, []),
                }
                for saved in self.composites
            ],
            "notes": notes,
        }

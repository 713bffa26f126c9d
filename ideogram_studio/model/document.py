"""The editing document: the photo, its mask, the options and the provider, the rules that say
whether Generate can run (and the sentence that says why not), and what follows from them:
building the job, the preview of the sent mask, autosave, restoring a past job, continuing
from a result. The window binds to its signals; tests, the self-test and the benchmarks drive it
with no window.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ideogram_studio.backends.apis import API_MODULES
from ideogram_studio.backends.options import api_title
from ideogram_studio.backends.outcome import EditApi
from ideogram_studio.backends.prices import Estimate
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.region_upscale import upscales_needed
from ideogram_studio.backends.request import (
    MAX_IMAGES,
    EditApiId,
    EditOptions,
    EditRequest,
    RequestError,
)
from ideogram_studio.backends.service import JobSpec, api_for, prepare_sending
from ideogram_studio.backends.settings import Effective, KeyStore, ProviderSettings, effective
from ideogram_studio.core.geometry import EMPTY, Rect
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.mask import MaskEngine, marks_edit
from ideogram_studio.core.photo import Photo, read_copy, read_photo
from ideogram_studio.core.region import region_by_default
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobArchive, JobRow, ResultRow
from ideogram_studio.jobs.queue import JobQueue, JobRecord
from ideogram_studio.jobs.session import Session
from ideogram_studio.jobs.spend import Overrun, over_limit
from ideogram_studio.model.region_list import RegionList

AUTOSAVE_MS = 2000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MaskPreview:
    """The mask exactly as it is uploaded (black = edit), its size, and what was done to fit."""

    mask: np.ndarray
    size: tuple[int, int]
    notes: tuple[str, ...]


class Document(QObject):
    photo_changed = Signal()  # a photo was opened, pasted, restored or continued from
    mask_changed = Signal()  # after each finished change of the mask
    options_changed = Signal(object)  # EditOptions
    provider_changed = Signal()
    blocker_changed = Signal(object)  # str | None: why Generate cannot run now
    preview_ready = Signal(object, int)  # MaskPreview, request number
    preview_failed = Signal(str, int)

    def __init__(
        self,
        jobs: JobQueue,
        *,
        session: Session | None = None,
        archive: JobArchive | None = None,
        settings: ProviderSettings | None = None,
        keys: KeyStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.session = session or Session()
        self.archive = archive
        self.settings = settings or ProviderSettings.load()
        self.jobs.store.saving = self.settings.save_choice()  # the format results are saved in
        self.jobs.images_in_flight = self.settings.images_in_flight
        self.keys = keys or KeyStore()
        self.provider_choice: ProviderKind | None = None  # the panel's, until Settings decide
        # An API module chosen by id that is no edit API of the options (a test's, a plug-in's).
        self._api_module: str | None = None
        # Where results go cannot be written: editing would bill images it cannot keep.
        self.results_unwritable = False
        self.photo: Photo | None = None
        self.engine: MaskEngine | None = None
        self.options = EditOptions()
        # The count the user chose; `options` holds it limited to what the backend makes.
        self.asked_images = self.options.num_images
        self._most_images = self._backend_limit()
        self.mask_has_area = False
        self.mask_unsent = False  # painted since the last Generate
        self._blocker: str | None = ""
        self._saved_revision: tuple[int, int] = (0, -1)  # (engine, revision): regions swap it
        self._saved_options: EditOptions | None = None
        self._autosave_thread: threading.Thread | None = None
        self._preview_number = 0
        self._region_upscale: tuple[object, bool] = (None, False)  # (mask and region, applies)
        self.regions = RegionList(self, self)  # prompt regions: `engine` is the active one's
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()

    # ----------------------------------------------------------------- the photo

    @property
    def pixels(self) -> np.ndarray | None:
        """The photo as the screen shows it (8-bit sRGB): for the canvas and the tools."""
        return None if self.photo is None else self.photo.display

    @property
    def name(self) -> str:
        return "" if self.photo is None else self.photo.name

    def open(self, path: Path) -> None:
        """Open a photo file; StudioError (one sentence) leaves what was open as it was."""
        self.set_photo(read_photo(Path(path)))

    def set_photo(self, photo: Photo, mask: np.ndarray | None = None) -> None:
        """A new photo to edit, with a fresh mask or the given one (kept from before)."""
        engine = MaskEngine(photo.width, photo.height)
        if mask is not None:
            engine.data[...] = mask
        self.photo, self.engine = photo, engine
        self.regions.reset(engine)
        self.mask_unsent = False
        self.mask_has_area = engine.has_edit_area()
        self.session.new_document(photo, mask)
        self._saved_revision = (id(engine), engine.revision)
        region = region_by_default(photo.width, photo.height)
        self.set_options(dataclasses.replace(self.options, edit_region=region))
        self.photo_changed.emit()
        self.mask_changed.emit()
        self.update_blocker()

    # ----------------------------------------------------------------- the mask

    def apply(self, operation: Callable[[MaskEngine], Rect]) -> Rect:
        """Run a mask operation (a shape, invert, grow, undo…) and note what it changed."""
        if self.engine is None:
            return EMPTY
        rect = operation(self.engine)
        if not rect.is_empty:
            self.mask_edited(rect)
        return rect

    def mask_edited(self, changed: Rect) -> None:
        """After a finished change (a stroke in the canvas, an operation): area and state."""
        if self.engine is None:
            return
        self.mask_has_area = self._has_area_after(changed)
        self.mask_unsent = True
        self.mask_changed.emit()
        self.update_blocker()

    def _has_area_after(self, changed: Rect) -> bool:
        """Whether the mask marks anything, looking only at what changed when that suffices
        (a full scan of a 24-megapixel mask at the end of every stroke would cost a frame)."""
        engine = self.engine
        assert engine is not None
        if changed.is_empty or changed == engine.bounds:
            return engine.has_edit_area()
        if marks_edit(engine.data[changed.slices]):
            return True
        # Nothing left where it changed: the rest is as before, unless this removed the last of it.
        return self.mask_has_area and engine.has_edit_area()

    # ----------------------------------------------------------------- options and provider

    def set_options(self, options: EditOptions) -> None:
        if options.num_images != self.options.num_images:  # the user's (or a restored) count
            self.asked_images = options.num_images
        # Another edit API is another backend: its limit and its note follow.
        api_changed = options.api != self.options.api and self._api_module is None
        if api_changed:
            self._most_images = self._backend_limit(str(options.api))
        limited = min(self.asked_images, self.max_images())
        options = dataclasses.replace(options, num_images=limited)
        if options != self.options:
            self.options = options
            if api_changed:
                self.provider_changed.emit()
            self.options_changed.emit(options)
            self.update_blocker()

    @property
    def chosen_options(self) -> EditOptions:
        """The options with the count the user chose, for the next run (not limited)."""
        return dataclasses.replace(self.options, num_images=self.asked_images)

    def max_images(self) -> int:
        """How many images one Generate can make with the provider chosen now."""
        return self._most_images

    def _backend_limit(self, api: str | None = None) -> int:
        most = getattr(self._module(api), "max_images", MAX_IMAGES)
        # A job never asks for more images than may be in progress at once: it could not run.
        return min(most, self.settings.images_in_flight)

    def _module(self, api: str | None = None) -> EditApi | None:
        """The module that would run the edit; None for an API this build has no module for."""
        try:
            return api_for(self.provider(), api or self.api)
        except KeyError:
            return None

    def backend_note(self) -> str | None:
        """What the backend does differently, said under Generate (the local one ignores the
        prompt); None for a backend that does what it is asked."""
        note = getattr(self._module(), "generate_note", None)
        said = note() if note is not None else None
        limit = self.settings.images_in_flight
        if self.asked_images > limit and self.max_images() == limit:  # never a silent change
            capped = translate(
                "MainWindow",
                "{limit} images, not {asked}: Settings allow {limit} in progress at once.",
            ).format(limit=limit, asked=self.asked_images)
            said = f"{said} {capped}" if said else capped
        return said

    def _provider_settled(self) -> None:
        """The provider changed: say so, then the count within what it makes (the user's own
        count comes back once a backend can make it)."""
        self._most_images = self._backend_limit()
        self.provider_changed.emit()
        self.set_options(dataclasses.replace(self.options, num_images=self.asked_images))
        self.update_blocker()

    def provider(self) -> Effective:
        """The provider and key an edit would use now (the environment wins)."""
        choice = self.provider_choice.value if self.provider_choice else None
        return effective(self.settings, self.keys, choice=choice)

    def choose_provider(self, kind: ProviderKind) -> None:
        self.provider_choice = kind
        self.settings.provider = kind.value
        self.settings.save()
        self._provider_settled()

    @property
    def api(self) -> str:
        """Which of the provider's APIs edits: the options' (legacy or 3.0), or a module
        chosen by `choose_api`."""
        return self._api_module or str(self.options.api)

    def choose_api(self, api: str) -> None:
        """Which of the provider's APIs edits (a key of `backends.apis.API_MODULES`)."""
        if api not in API_MODULES:
            raise ValueError(f"no API module is registered as {api!r}")
        try:
            self._api_module = None
            self.set_options(dataclasses.replace(self.options, api=EditApiId(api)))
        except ValueError:
            self._api_module = api
        self._provider_settled()

    def settings_saved(self, settings: ProviderSettings) -> None:
        """The settings dialog stored new settings: they decide the provider from now on."""
        self.settings = settings
        self.jobs.store.saving = settings.save_choice()
        self.jobs.images_in_flight = settings.images_in_flight
        self.provider_choice = None
        self._provider_settled()

    # ----------------------------------------------------------------- generating

    def generate_blocker(self, options: EditOptions | None = None) -> str | None:
        """Why Generate cannot run now, in one sentence; None when it can. With `options`:
        why an edit with those would not (a sweep's cell)."""
        options = options or self.options
        if self.photo is None:
            return translate("MainWindow", "Open a photo to edit first.")
        several = self.regions.several and self.regions.blocker()
        if several:  # each region needs its paint and its prompt
            return several
        if not self.mask_has_area:
            return translate("MainWindow", "Paint over the part of the photo that should change.")
        if not options.prompt.strip():  # the window's hint: where to write it
            return translate("MainWindow", "Write a prompt that describes the change (Ctrl+L).")
        if self.results_unwritable:
            return translate(
                "MainWindow",
                "Results cannot be saved: the data folder cannot be written (see the message "
                "above).",
            )
        try:
            options.validate()  # the same rules as every request, nothing sent
        except RequestError as error:
            return error.message
        current = self.provider()
        if current.kind is not ProviderKind.LOCAL and not current.key:
            return translate(
                "MainWindow", "Add your API key in Settings, or choose Local to work offline."
            )
        try:
            current.provider().endpoint_for(self.api)
        except RequestError as error:
            return error.message
        if self._module() is None:
            return _no_module(self.options.api)
        return None

    def update_blocker(self) -> None:
        blocker = self.generate_blocker()
        if blocker != self._blocker:
            self._blocker = blocker
            self.blocker_changed.emit(blocker)

    def build_request(self) -> EditRequest:
        assert self.photo is not None and self.engine is not None
        photo = self.photo
        return EditRequest(
            photo.pixels, self.engine.copy(), self.options, photo.info, photo.display
        )

    def generate(self) -> JobRecord | None:
        """Queue the edit as it is set up now; None (nothing queued) when it cannot run."""
        if self.generate_blocker() is not None:
            return None
        current = self.provider()
        spec = JobSpec(
            self.build_request(),
            current.provider(),
            current.key,
            self.name,
            api=self.api,
            estimate=self.estimate().known,
        )
        record = self.jobs.submit(spec)
        self.mask_unsent = False
        return record

    def estimate(self) -> Estimate:
        """What Generate would cost now, as estimated from the provider's prices."""
        options = self.options
        upscales = options.num_images if options.upscale_region else 0
        if upscales and not self.region_upscale_applies():
            upscales = 0
        one = self.settings.estimate_edit(options, self.provider().kind, upscales=upscales)
        return self.regions.times(one)  # one request per prompt region

    def region_upscale_applies(self) -> bool:
        """Whether "upscale each result before blending" would act now: a region edit at a
        remote provider whose results would be stretched over twice (region_upscale)."""
        engine, region = self.engine, self.options.region
        if engine is None or region is None or not self.mask_has_area:
            return False
        if self.provider().kind is ProviderKind.LOCAL:
            return False
        # Planning the crop reads the whole mask: only again once the mask or region changed.
        key = (id(engine), engine.revision, region)
        if key != self._region_upscale[0]:
            self._region_upscale = (key, upscales_needed(engine.data, region))
        return self._region_upscale[1]

    def limit_overrun(self, estimate: Estimate | None = None) -> Overrun | None:
        """Whether Generate now (or a job of `estimate`) would pass the daily limit; the jobs
        queued count too (the history leaves out the ones this process runs: counted here)."""
        pending = sum(record.spec.estimate or 0.0 for record in self.jobs.active())
        estimate = estimate or self.estimate()
        try:
            return over_limit(
                self.archive,
                estimate,
                self.settings.daily_limit,
                pending=pending,
                skip_running_of=os.getpid(),
            )
        except sqlite3.Error:  # a locked or damaged history: the limit holds for the queue
            log.warning("today's spend could not be read from the history", exc_info=True)
            return over_limit(None, estimate, self.settings.daily_limit, pending=pending)

    def request_preview(self) -> int:
        """Prepare the mask as it would be sent, on a thread: `preview_ready` or
        `preview_failed` follow with the returned number (later requests supersede it)."""
        self._preview_number += 1
        number = self._preview_number
        request = self.build_request()
        api = self._module()  # no key needed to see what would be sent
        if api is None:
            self.preview_failed.emit(_no_module(self.options.api), number)
            return number

        def work() -> None:
            try:
                upload = prepare_sending(request, api).upload
                mask = cv2.imdecode(np.frombuffer(upload.mask_png, np.uint8), cv2.IMREAD_GRAYSCALE)
            except StudioError as error:
                self.preview_failed.emit(error.message, number)
                return
            self.preview_ready.emit(MaskPreview(mask, upload.size, tuple(upload.notes)), number)

        threading.Thread(target=work, name="mask-preview", daemon=True).start()
        return number

    def is_current_preview(self, number: int) -> bool:
        return number == self._preview_number

    # ----------------------------------------------------------------- session

    def autosave(self) -> None:
        """Keep the mask and the options on disk, at most AUTOSAVE_MS behind, without blocking
        painting: the mask is copied here and written on a thread."""
        engine = self.engine
        if engine is None:
            return
        self.regions.autosave(self.session)  # every region's mask, when there are several
        mask_changed = (id(engine), engine.revision) != self._saved_revision
        if not mask_changed and self.chosen_options == self._saved_options:
            return
        if self._autosave_thread is not None and self._autosave_thread.is_alive():
            return  # the previous save is still being written: try again at the next tick
        self._saved_revision = (id(engine), engine.revision)
        self._saved_options = self.chosen_options
        snapshot = None
        if mask_changed:
            # One memcpy of the padded buffer (cheaper than the strided view); the writer crops.
            snapshot = engine.buffer.copy()[: engine.height, : engine.width]
        self._autosave_thread = self.session.save_mask(snapshot, self._saved_options.to_names())

    def flush(self) -> None:
        """Save what is not saved yet and wait for the writers (before the app exits)."""
        self.session.flush()  # a save under way would make autosave() skip the newest state
        self.autosave()
        self.session.flush()

    def close(self) -> None:
        """The app is closing: no more autosaves, and a preview still being made is dropped."""
        self.autosave_timer.stop()
        self._preview_number += 1
        self.flush()

    def restore_session(self) -> bool:
        """Bring back the last session's photo, mask, prompt and options, as they were."""
        restored = self.session.restore()
        if restored is None:
            return False
        self.set_photo(restored.photo, restored.mask)
        self.set_options(EditOptions.from_names(restored.options, self.options))
        self.regions.restore(restored.regions)
        self.mask_edited(EMPTY)  # not used yet: opening another photo asks first, as before
        self._saved_options = self.chosen_options
        return True

    def restore_job(self, job: JobRow, result: ResultRow | None) -> str | None:
        """Put back a past job's photo, its mask as painted and every setting (the seed of the
        chosen result). StudioError when its photo is gone; returns a note when only the
        mask could not be read."""
        assert self.archive is not None
        name = job.source_name or translate("MainWindow", "Restored photo")
        try:
            photo = read_copy(self.archive.source_path(job.source_sha256), name)
        except StudioError:
            raise StudioError(
                translate("MainWindow", "The photo of this job is no longer in the history folder.")
            ) from None
        mask, note = None, None
        if job.mask_painted is not None:
            try:
                mask = load_image(job.mask_painted)[:, :, 0]
            except StudioError:
                note = translate(
                    "MainWindow", "The mask of this job could not be read; the photo is restored."
                )
        if mask is not None and mask.shape != (photo.height, photo.width):
            mask = None
        self.set_photo(photo, mask)
        seed = result.seed if result is not None else None
        options = EditOptions.from_parameters(job.prompt, job.parameters, seed, self.options)
        self.set_options(options)
        self.mask_edited(EMPTY)
        return note or _missing_references(job.parameters, options)

    def use_as_input(self, photo: Photo, *, keep_mask: bool) -> None:
        """A result (read from its file, with its profile and metadata) becomes the photo being
        edited, with the mask scaled to it or cleared."""
        mask = None
        if keep_mask and self.engine is not None:
            size = (photo.width, photo.height)
            mask = cv2.resize(self.engine.copy(), size, interpolation=cv2.INTER_NEAREST)
        region = self.options.edit_region  # continuing the same work: the user's choice stays
        self.set_photo(photo, mask)
        self.set_options(dataclasses.replace(self.options, edit_region=region))


def _no_module(api: EditApiId) -> str:
    return translate(
        "MainWindow", "This version of Ideogram Studio cannot send edits to {api} yet."
    ).format(api=api_title(api))


def _missing_references(parameters: dict[str, object], restored: EditOptions) -> str | None:
    """The history keeps reference images by name only: a restored 3.0 job gets back those
    the document still has. The others are named, so the user can add them again."""
    if parameters.get("api") != str(EditApiId.V3):
        return None
    names = list(parameters.get("style_reference_images") or [])  # type: ignore[call-overload]
    kept = {Path(file).name for file in restored.style_refs}
    missing = [str(name) for name in names if name not in kept]
    for key, file in (
        ("character_reference_images", restored.character_ref),
        ("character_reference_images_mask", restored.character_mask),
    ):
        name = parameters.get(key)
        if name and file is None:
            missing.append(str(name))
    if not missing:
        return None
    return translate(
        "MainWindow",
        "The history keeps no copy of reference images: add {names} again to use them.",
    ).format(names=", ".join(missing))

"""What a batch would do before it starts, for its price: the photos it sends (the only ones
that cost), those saved before, those whose answer is fetched again (no request), those sent
before without an answer (not sent again), and those without a mask (they would fail).
The window's dialog, the CLI's run and its --dry-run say the price of `send` only. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ideogram_studio.backends.batch import BatchSpec
from ideogram_studio.backends.batch_ledger import FAILED, SAVED
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.jobs.batch_run import SKIPPED, BatchRun


@dataclass(frozen=True)
class BatchPlan:
    photos: int
    send: tuple[Path, ...]
    fetch: tuple[Path, ...] = ()
    done: int = 0  # saved before
    unanswered: int = 0  # sent before without an answer: not sent again
    no_mask: tuple[Path, ...] = ()  # their mask file is missing: they would fail

    @property
    def anything_to_do(self) -> bool:
        return bool(self.send or self.fetch or self.unanswered)

    def text(self, price: str) -> str:
        """ "40 photos · 3 to send, about $0.24 · 36 saved before · 1 to fetch again" """
        many = translate("Batch", "{count} photos").format(count=self.photos)
        parts = [translate("Batch", "1 photo") if self.photos == 1 else many]
        if self.send:
            parts.append(
                translate("Batch", "{count} to send, {price}").format(
                    count=len(self.send), price=price
                )
            )
        else:
            parts.append(translate("Batch", "nothing to send"))
        facts = (
            (self.done, translate("Batch", "{count} saved before (not sent again)")),
            (len(self.fetch), translate("Batch", "{count} to fetch again (no new request)")),
            (
                self.unanswered,
                translate("Batch", "{count} sent before without an answer (not sent again)"),
            ),
            (len(self.no_mask), translate("Batch", "{count} without a mask (would fail)")),
        )
        parts += [sentence.format(count=count) for count, sentence in facts if count]
        return " · ".join(parts)


def plan_of(run: BatchRun) -> BatchPlan:
    """What `run` would do (its plan is made once and kept)."""
    todo = run.plan()
    settled = list(run.results.values())
    fetch = [photo for photo in todo if run.answer_to_fetch(photo) is not None]
    no_mask = [
        photo
        for photo in todo
        # One mask for all is there (the CLI checks it; the window writes the painted one).
        if photo not in fetch
        and run.spec.mask.kind != "one"
        and not run.spec.mask.file_for(photo).is_file()
    ]
    send = [photo for photo in todo if photo not in fetch and photo not in no_mask]
    return BatchPlan(
        len(run.spec.photos),
        tuple(send),
        tuple(fetch),
        sum(1 for r in settled if r.state in (SAVED, SKIPPED)),
        sum(1 for r in settled if r.state == FAILED),
        tuple(no_mask),
    )


def preview(
    spec: BatchSpec,
    history: JobArchive | None,
    settings: ProviderSettings,
    *,
    resend_unanswered: bool = False,
) -> BatchPlan:
    """What a run of `spec` would do, before one is made (nothing is sent)."""
    run = BatchRun(
        spec,
        provider=None,  # type: ignore[arg-type]  # the plan sends nothing
        api_key=None,
        store=None,  # type: ignore[arg-type]
        history=history,
        settings=settings,
        resend_unanswered=resend_unanswered,
    )
    return plan_of(run)

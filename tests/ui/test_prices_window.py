"""The price before you pay, in the window: the estimate on Generate, a provider's own prices
in Settings, History's totals, and the question before a job would pass the daily limit."""

from __future__ import annotations

import json

import pytest

from ideogram_studio.backends.prices import published
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui.main_window import MainWindow
from ideogram_studio.ui.prices_dialog import PricesDialog
from ideogram_studio.ui.settings_dialog import SettingsDialog
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import Act
from tests.ui.test_generate_and_gallery import ready_to_generate


def button(window) -> str:  # noqa: ANN001
    return window.options.generate.text()


def settings_dialog(window) -> SettingsDialog:  # noqa: ANN001
    document = window.document
    return SettingsDialog(document.settings, document.keys, document.provider().kind, {}, window)


def generated(window, qtbot):  # noqa: ANN001, ANN201
    record = window.generate()
    assert record is not None
    qtbot.waitUntil(lambda: not record.state.active, timeout=30000)
    assert record.state is JobState.DONE
    return record


def test_generate_says_what_the_current_settings_would_cost(window) -> None:
    assert button(window) == "Generate · 1 image · free (offline)"  # no key: the local backend
    window.open_image(SAMPLES / "chelsea.png")
    window.options.count.setValue(2)
    assert button(window) == "Generate · 2 images · free (offline)"
    window.document.choose_provider(ProviderKind.IDEOGRAM)  # no key yet: still priced
    assert button(window) == "Generate · 2 images · about $0.16"
    window.options.count.setValue(4)
    assert button(window) == "Generate · 4 images · about $0.32"
    window.options.model.setCurrentIndex(window.options.model.findData("V_2_TURBO"))
    assert button(window) == "Generate · 4 images · about $0.20"
    window.document.choose_provider(ProviderKind.LOCAL)  # it makes at most 2 images
    assert button(window) == "Generate · 2 images · free (offline)"
    assert "estimates" in window.options.generate.toolTip()


def test_a_relay_s_own_prices_are_set_in_settings_and_priced_on_generate(
    window, studio_home, monkeypatch
) -> None:
    window.document.choose_provider(ProviderKind.RELAY)
    window.options.count.setValue(4)
    assert button(window) == "Generate · 4 images · about $0.32"  # published prices at first
    shown: list[PricesDialog] = []

    def fill_in(self, dialog: PricesDialog) -> bool:  # noqa: ANN001
        shown.append(dialog)
        assert "estimates" in dialog.windowTitle() and "Relay" in dialog.windowTitle()
        assert dialog.fields["edit", "V_2"].text() == "0.08"
        assert dialog.fields["v3_character", "QUALITY"].text() == "0.20"
        assert dialog.fields["upscale", "DEFAULT"].text() == ""  # unknown
        dialog.fields["edit", "V_2"].setText("0.1")
        dialog.fields["edit", "V_2_TURBO"].setText("")  # the relay does not say: unknown
        dialog.accept()
        return dialog.result() == PricesDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "run_prices_dialog", fill_in)
    dialog = settings_dialog(window)
    assert dialog.prices_button.isEnabled()
    assert dialog.prices_note.text() == "Ideogram's published prices"
    dialog.prices_button.click()
    assert dialog.prices_note.text() == "Your own prices"
    window.apply_settings(dialog)
    assert button(window) == "Generate · 4 images · about $0.40"
    window.options.model.setCurrentIndex(window.options.model.findData("V_2_TURBO"))
    assert button(window) == "Generate · 4 images · price unknown"
    stored = json.loads((studio_home / "settings.json").read_text())
    assert stored["prices"] == {"relay": {"edit": {"V_2": 0.1, "V_2_TURBO": None}}}

    # Ideogram keeps its published prices; the local backend has none to set.
    window.document.choose_provider(ProviderKind.IDEOGRAM)
    assert button(window) == "Generate · 4 images · about $0.20"
    dialog = settings_dialog(window)
    assert dialog.prices_note.text() == "Ideogram's published prices"
    dialog.provider.setCurrentIndex(dialog.provider.findData("relay"))
    assert dialog.prices_note.text() == "Your own prices"
    dialog.provider.setCurrentIndex(dialog.provider.findData("local"))
    assert not dialog.prices_button.isEnabled()
    assert dialog.prices_note.text() == "Free: nothing is billed"


def test_the_prices_dialog_resets_and_refuses_what_is_no_price(qtbot) -> None:
    own = published().with_price("v3", "DEFAULT", 0.5).with_price("edit", "V_2", None)
    dialog = PricesDialog(own, "Relay")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.fields["v3", "DEFAULT"].text() == "0.50"
    assert dialog.fields["edit", "V_2"].text() == ""
    dialog.fields["v3", "TURBO"].setText("cheap")
    dialog.accept()
    assert dialog.isVisible()  # stays open, and says why in one sentence
    assert dialog.problem.text().startswith("“cheap” is not a price for Ideogram 3.0 · Turbo")
    dialog.reset_button.click()
    assert not dialog.problem.isVisible()
    assert dialog.table() == published()
    dialog.fields["v3", "QUALITY"].setText("$0,12")  # a dollar sign and a decimal comma
    assert dialog.table().price("v3", "QUALITY") == 0.12


def test_history_records_the_estimate_and_totals_what_may_have_been_billed(
    remote, window, qtbot
) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.options.count.setValue(2)
    remote.script = [Act(items=["ok", "unsafe"])]  # a withheld image is billed too
    generated(window, qtbot)
    remote.script = [Act(400, {"error": "Invalid mask"})]  # refused before it ran: free
    refused = window.generate()
    qtbot.waitUntil(lambda: not refused.state.active, timeout=30000)
    assert refused.state is JobState.FAILED
    [row_refused, row_done] = window.history.page()
    assert row_done.estimate == pytest.approx(0.16) and row_refused.estimate == pytest.approx(0.16)

    panel = window.history_panel
    assert panel.spend.text() == "Today about $0.16 · this month about $0.16 (estimates)"
    window.side_tabs.setCurrentWidget(panel)
    assert "about $0.16" in panel.tree.topLevelItem(1).text(0)
    assert "withheld" in panel.spend.toolTip()

    remote.script = [Act(items=["ok", "ok"])]
    generated(window, qtbot)
    assert panel.spend.text() == "Today about $0.32 · this month about $0.32 (estimates)"


def test_over_the_daily_limit_the_window_asks_and_no_sends_nothing(
    remote, window, qtbot, monkeypatch
) -> None:
    window.document.settings.daily_limit = 0.20
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.options.count.setValue(2)
    asked: list[str] = []
    answers = [False, True]

    def answer(self, question: str) -> bool:  # noqa: ANN001
        asked.append(question)
        return answers.pop(0)

    monkeypatch.setattr(MainWindow, "ask_over_limit", answer)
    generated(window, qtbot)  # $0.16 of $0.20: no question
    assert asked == []

    assert window.generate() is None  # $0.32 would pass it: asked, and No
    assert asked == [
        "This job, about $0.16, would bring today's estimated spend to $0.32, over your daily "
        "limit of $0.20. Send it anyway?"
    ]
    assert len(remote.posts) == 1 and len(window.jobs.records) == 1  # nothing sent or queued
    assert "Nothing was sent" in window.statusBar().currentMessage()

    generated(window, qtbot)  # Yes: sent
    assert len(asked) == 2 and len(remote.posts) == 2


def test_jobs_still_queued_count_toward_the_daily_limit(remote, window, qtbot, monkeypatch) -> None:
    window.document.settings.daily_limit = 0.20
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.options.count.setValue(2)
    remote.script = [Act(delay=2, items=["ok", "ok"])]
    asked: list[str] = []
    monkeypatch.setattr(MainWindow, "ask_over_limit", lambda self, q: asked.append(q) or False)
    first = window.generate()  # $0.16, still running when the second is asked for
    assert first is not None and first.state.active
    assert window.generate() is None
    assert asked and "to $0.32" in asked[0]
    qtbot.waitUntil(lambda: not first.state.active, timeout=30000)


def test_the_daily_limit_is_set_in_settings(window, studio_home) -> None:
    dialog = settings_dialog(window)
    assert dialog.daily_limit.text() == "No limit"
    dialog.daily_limit.setValue(5)
    window.apply_settings(dialog)
    assert json.loads((studio_home / "settings.json").read_text())["daily_limit"] == 5.0
    assert window.document.settings.daily_limit == 5.0
    dialog = settings_dialog(window)
    assert dialog.daily_limit.value() == 5.0
    dialog.daily_limit.setValue(0)
    window.apply_settings(dialog)
    assert window.document.settings.daily_limit is None

"""The Chinese translation covers every text the code shows, and the shipped .qm matches it."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))
import translations  # noqa: E402  (packaging/translations.py: the same lupdate/lrelease runs)

TS_FILE = REPO / "resources" / "translations" / "ideogram_studio_zh_CN.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<[^>]+>")


def messages(ts_file: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.find("translation")
    return found


@pytest.fixture(scope="module")
def committed() -> dict[tuple[str, str], ET.Element]:
    return messages(TS_FILE)


def test_every_text_in_the_code_has_a_finished_chinese_translation(tmp_path, committed) -> None:
    fresh = tmp_path / "fresh_zh_CN.ts"
    translations.update(fresh, "zh_CN")  # what lupdate finds in the code as it is now
    in_code = messages(fresh)
    assert len(in_code) > 300  # the extraction really ran over the package
    missing = [
        f"{context}: {source!r}"
        for context, source in in_code
        if (context, source) not in committed
        or committed[(context, source)].get("type") in ("unfinished", "vanished", "obsolete")
        or not (committed[(context, source)].text or "").strip()
    ]
    assert not missing, "untranslated (run `make translations`, then translate):\n" + "\n".join(
        missing
    )


def test_translations_keep_placeholders_accelerators_and_markup(committed) -> None:
    for (context, source), translation in committed.items():
        text = translation.text or ""
        where = f"{context}: {source!r} -> {text!r}"
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), where
        assert sorted(TAG.findall(source)) == sorted(TAG.findall(text)), where
        if re.search(r"&\w", source):
            assert re.search(r"\(&\w\)|&\w", text), where  # the menu keeps a keyboard key
        # An English sentence copied unchanged is not a translation.
        words = PLACEHOLDER.sub("", source)
        assert text.strip() != source.strip() or not re.search("[a-z]{3}", words), where


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path) -> None:
    fresh = tmp_path / "zh_CN.qm"
    translations.release(TS_FILE, fresh)
    assert fresh.read_bytes() == QM_FILE.read_bytes(), "run `make translations` and commit the .qm"

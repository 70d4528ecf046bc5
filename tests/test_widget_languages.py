"""The widget's languages: one file per language, each with every key of English, served on demand."""

from __future__ import annotations

import json
import re

import pytest

from moderation.embed import DEFAULT_LANGUAGE, I18N, embed_assets

LANGUAGES = sorted(path.stem for path in I18N.glob("*.json"))
ENGLISH = json.loads((I18N / f"{DEFAULT_LANGUAGE}.json").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"\{\w+\}")


def read(code: str) -> dict:
    return json.loads((I18N / f"{code}.json").read_text(encoding="utf-8"))


def test_there_are_at_least_twelve_languages_one_of_them_right_to_left():
    assert len(LANGUAGES) >= 12
    directions = {read(code)["dir"] for code in LANGUAGES}
    assert directions == {"ltr", "rtl"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_every_key_and_keeps_every_placeholder(code):
    strings = read(code)
    assert set(strings) - set(ENGLISH) == set(), "keys English does not have"
    assert set(ENGLISH) - set(strings) == set(), "keys missing"
    for key, english in ENGLISH.items():
        text = strings[key]
        if isinstance(english, dict):
            # Plural forms: "other" is the one every language has, and the widget's fallback.
            assert isinstance(text, dict) and "other" in text, (code, key)
            assert set(text) <= {"zero", "one", "two", "few", "many", "other"}, (code, key)
            continue
        assert isinstance(text, str) and text.strip(), (code, key)
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english)), (code, key)
    assert strings["dir"] in ("ltr", "rtl")


def test_english_is_built_into_the_script_and_the_others_are_not():
    script = embed_assets()["js"].body.decode()
    assert ENGLISH["setup_heading"] in script
    german = read("de")
    assert german["setup_heading"] not in script
    # The script knows which languages it may fetch.
    assert " ".join(LANGUAGES) in script


def test_a_language_file_is_served_to_any_origin_and_cached_by_its_version(client):
    answer = client.get("/i18n/ar.json", headers={"Origin": "https://blog.example"})
    assert answer.status_code == 200 and answer.json["dir"] == "rtl"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    version = re.search(r'/i18n/"\s*\+\s*\w+\s*\+\s*"\.json\?v=(\w+)', embed_assets()["js"].body.decode())
    assert version, "the script names the languages' version"
    pinned = client.get(f"/i18n/ar.json?v={version.group(1)}")
    assert "immutable" in pinned.headers["Cache-Control"]
    assert "immutable" not in client.get("/i18n/ar.json?v=stale").headers["Cache-Control"]


@pytest.mark.parametrize("code", ["xx", "../embed", "EN", "en.json"])
def test_an_unknown_language_is_404(client, code):
    assert client.get(f"/i18n/{code}.json").status_code == 404

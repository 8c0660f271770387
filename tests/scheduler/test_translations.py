"""Dutch is the default language: every string is translated and compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
SKIP_DIRS = {".venv", ".git", "var", "staticfiles", "node_modules", "tests", "bench", "locale"}


# Dutch for third-party apps that ship none (django-axes), apart from ours.
THIRDPARTY_PO = ROOT / "locale" / "thirdparty" / "nl" / "LC_MESSAGES" / "django.po"
CATALOGS = pytest.mark.parametrize("po", [PO, THIRDPARTY_PO], ids=["ours", "thirdparty"])


@CATALOGS
def test_every_dutch_entry_is_translated_and_none_is_fuzzy(po):
    catalog = polib.pofile(str(po))
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


@CATALOGS
def test_compiled_catalog_matches_the_po_file(po):
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(po.with_suffix(".mo")))
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(po)).translated_entries()
    }
    assert compiled == source, "run: python manage.py compilemessages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_no_string_in_the_code_is_missing_from_the_catalog(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP_DIRS])
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--verbosity", "0"],
        cwd=copy,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "scheduler.settings",
            "SECRET_KEY": "makemessages-only",
        },
    )
    found = {e.msgid for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(PO))}
    assert sorted(found - known) == [], "run: python manage.py makemessages -l nl, translate"

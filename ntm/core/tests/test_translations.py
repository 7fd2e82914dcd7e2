"""Vietnamese is the primary language: every message id in the code and templates has a vi translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PO_FILE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(
    r'(?:^#, (?P<flags>.*)\n)?^msgid (?P<id>(?:".*"\n)+)(?:^msgid_plural (?:".*"\n)+)?^msgstr(?:\[0\])? (?P<str>(?:".*"\n?)+)',
    re.M,
)


def unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def po_entries(text: str) -> dict[str, tuple[str, str]]:
    return {
        unquote(m["id"]): (unquote(m["str"]), m["flags"] or "")
        for m in ENTRY.finditer(text)
        if unquote(m["id"])
    }


def test_committed_vi_catalogue_has_no_empty_or_fuzzy_entry():
    entries = po_entries(PO_FILE.read_text(encoding="utf-8"))
    assert entries, "the vi catalogue is empty"
    untranslated = [msgid for msgid, (msgstr, flags) in entries.items() if not msgstr or "fuzzy" in flags]
    assert not untranslated, f"untranslated vi entries: {untranslated[:10]}"


def test_every_message_in_the_source_is_in_the_vi_catalogue(tmp_path):
    """Extract the messages afresh from a copy of the source and compare with the committed catalogue."""
    for name in ("ntm", "templates", "config"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale" / "vi" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_FILE, tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "-v0"],
        cwd=tmp_path,
        check=True,
        timeout=180,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "NTM_DATA_DIR": str(tmp_path / "var"),
        },
    )
    fresh = po_entries((tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    committed = po_entries(PO_FILE.read_text(encoding="utf-8"))
    missing = sorted(msgid for msgid in fresh if not committed.get(msgid, ("", ""))[0])
    assert not missing, f"messages without a vi translation (run makemessages and translate): {missing[:10]}"

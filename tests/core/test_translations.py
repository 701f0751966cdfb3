"""Every user-facing string has its Simplified Chinese translation: extract the catalog
from a copy of the code (as a developer would) and let msgfmt count what is missing."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(".venv", "var", ".git", "tests", "bench", "__pycache__",
                              "*.mo", "node_modules", ".ruff_cache", ".hypothesis")

pytestmark = pytest.mark.unit


def test_the_chinese_catalog_is_complete(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-v", "0"],
        cwd=copy, check=True, capture_output=True, timeout=300,
    )
    catalog = copy / "locale/zh_Hans/LC_MESSAGES/django.po"
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog)],
        capture_output=True, text=True, check=True,
    ).stderr
    summary = stats.strip().splitlines()[-1]
    assert not re.search(r"fuzzy|untranslated", summary), (
        f"{summary}: run makemessages -l zh_Hans and translate the new strings"
    )

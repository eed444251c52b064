"""The command line: exit codes and messages, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from i18n import t
from tests.conftest import ROOT, SAMPLE


def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--lang", lang, *args], cwd=ROOT, capture_output=True, text=True
    )


def test_valid_files_print_ok():
    done = run("validate", str(SAMPLE), str(SAMPLE))
    assert done.returncode == 0
    assert done.stdout.splitlines() == [f"OK {SAMPLE}", f"OK {SAMPLE}"]


def test_invalid_file_exits_1_with_one_line_per_problem(tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["actions"][3]["axis_id"] = "ax-9"
    data["stakeholders"][1]["interest"] = 7
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    done = run("validate", str(SAMPLE), str(bad))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"OK {SAMPLE}"]
    assert sorted(done.stderr.splitlines()) == [
        f'{bad}: actions[3].axis_id: unknown axis "ax-9"',
        f"{bad}: stakeholders[1].interest: must be less than or equal to 5",
    ]


def test_french_messages(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2,', encoding="utf-8")
    done = run("validate", str(bad), lang="fr")
    assert done.returncode == 2
    assert "JSON invalide à la ligne 1" in done.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not json at all", "invalid JSON at line 1, column 1"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b"", "invalid JSON"),
    ],
)
def test_unreadable_files_exit_2(tmp_path, content, expected):
    f = tmp_path / "f.json"
    f.write_bytes(content)
    done = run("validate", str(f))
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_file_and_too_large_file_exit_2(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    done = run("--max-bytes", "1000", "validate", str(big), str(tmp_path / "absent.json"))
    assert done.returncode == 2
    assert "file too large" in done.stderr
    assert "No such file" in done.stderr


def test_invalid_and_unreadable_together_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2, "id": "x"}', encoding="utf-8")
    done = run("validate", str(bad), str(tmp_path / "absent.json"))
    assert done.returncode == 2
    assert f"{bad}: title: required field missing" in done.stderr


def test_schema_is_the_json_schema_of_the_document():
    done = run("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["type"] == "object"
    assert {"schema_version", "territory", "actions", "indicators"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_export_refuses_an_invalid_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    out = tmp_path / "out.json"
    done = run("export", str(bad), "--format", "json", "--out", str(out))
    assert done.returncode == 1
    assert not out.exists()


def test_export_to_an_unwritable_place_exits_2(tmp_path):
    done = run("export", str(SAMPLE), "--format", "json", "--out", str(tmp_path / "no" / "such" / "dir.json"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_an_export_is_in_the_strategys_language_unless_told(tmp_path):
    from docx import Document

    def headings(path) -> str:
        return "\n".join(p.text for p in Document(str(path)).paragraphs[:80])

    french, english = tmp_path / "fr.docx", tmp_path / "en.docx"
    env = {"LANG": "en_GB.UTF-8", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "export", str(SAMPLE), "--format", "docx", "--out", str(french)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0 and "written" in done.stderr  # messages in the environment's language
    assert run("export", str(SAMPLE), "--format", "docx", "--out", str(english), lang="en").returncode == 0
    assert t("report.territory", "fr") in headings(french)  # the sample is a French strategy
    assert t("report.territory", "en") in headings(english) and t("report.territory", "fr") not in headings(english)

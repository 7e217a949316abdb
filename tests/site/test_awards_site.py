"""A pillar honoured more than once on the built sample site: one page, on every year's list."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from generator import BuildReport


def _text(page: Path, start: str = "<main", end: str = "</main>") -> str:
    found = page.read_text("utf-8").split(start, 1)[1].split(end, 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", found)))


def _card_meta(page: Path, name: str) -> str:
    """What the card of `name` on a list says under the name (rank, category, year, level)."""
    text = page.read_text("utf-8")
    card = text.split(f">{name}</a>", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip()


def test_a_two_award_pillar_has_one_page_and_is_on_both_years_lists(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    pages = [p for p in (out / "pilar").iterdir() if p.name.startswith("karang-taruna-sipakatau")]
    assert [p.name for p in pages] == ["karang-taruna-sipakatau"]
    y2019, y2023 = out / "tahun/2019/index.html", out / "tahun/2023/index.html"
    # Each year's card shows the award of that year.
    assert _card_meta(y2019, "Karang Taruna Sipakatau").startswith("Juara III Karang Taruna 2019")
    assert _card_meta(y2023, "Karang Taruna Sipakatau").startswith("Juara II Karang Taruna 2023")
    # In its place on the 2019 list, by that award's rank: after 2019's Juara I and II.
    listed = y2019.read_text("utf-8")
    place = [listed.index(f">{name}</a>") for name in ("Karang Taruna Widya Sentana",
             "Muhammad Rizky Noor", "Karang Taruna Sipakatau")]  # fmt: skip
    assert place == sorted(place)
    category = out / "kategori/karang-taruna/index.html"
    assert _text(category).count("Karang Taruna Sipakatau") == 1  # (its latest award)
    # The page lists every award in time order; the latest leads the page.
    page = _text(out / "pilar/karang-taruna-sipakatau/index.html")
    assert page.index("Juara II") < page.index("Penghargaan")
    awards = page.split("Penghargaan", 1)[1]
    assert awards.index("2019 · Juara III") < awards.index("2023 · Juara II")


def test_the_year_page_shows_provincial_winners_apart_from_the_national_ranking(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    year = (out / "tahun/2019/index.html").read_text("utf-8")
    national, provincial = year.split('id="provinsi"', 1)
    assert "Ahmad Syarif Tammu" not in national and "Ahmad Syarif Tammu" in provincial
    assert "Juara I Tagana 2019 tingkat provinsi" in _card_meta(
        out / "tahun/2019/index.html", "Ahmad Syarif Tammu"
    )
    assert "Ahmad Syarif Tammu" in _text(out / "tahun/2023/index.html").split("Pemenang tingkat")[0]
    assert "Ahmad Syarif Tammu — Juara I (tingkat provinsi)" in _text(
        out / "tahun/2019/buku/index.html"
    )
    # Listed under the province of each award; the home page shows the national ranking only.
    assert "Hasnah Lamba" in _text(out / "provinsi/sulawesi-tengah/index.html")
    assert "Hasnah Lamba" not in _text(out / "index.html")


def test_json_ld_lists_each_award_as_text(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    page = (out / "pilar/ahmad-syarif-tammu/index.html").read_text("utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found
    assert json.loads(found.group(1))["award"] == [
        "Juara I Taruna Siaga Bencana, Pemilihan Pilar-pilar Sosial Teladan Provinsi "
        "Sulawesi Barat 2019",
        "Juara I Taruna Siaga Bencana, Pemilihan Pilar-pilar Sosial Teladan Nasional 2023",
    ]


def test_open_data_carries_every_award(built_sample: tuple[Path, BuildReport]) -> None:
    out, _ = built_sample
    data = json.loads((out / "data/pilar.json").read_text("utf-8"))
    schema = json.loads((out / "data/pilar.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 2
    awards = [
        (p["slug"], a["year"], a["level"], a["rank"]) for p in data["pilar"] for a in p["awards"]
    ]
    assert ("ahmad-syarif-tammu", 2019, "provinsi", "1") in awards
    assert ("ahmad-syarif-tammu", 2023, "nasional", "1") in awards
    # The old top-level fields stay: the leading award's.
    ahmad = next(p for p in data["pilar"] if p["slug"] == "ahmad-syarif-tammu")
    assert (ahmad["year"], ahmad["rank"]) == (2023, "1")
    for name in ("pilar.csv", "penghargaan.csv"):
        text = (out / "data" / name).read_text("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert [(r["slug"], int(r["year"]), r["level"], r["rank"]) for r in rows] == awards
    bad = copy.deepcopy(data)
    bad["pilar"][0]["awards"][0]["level"] = "kota"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_the_feed_of_new_winners_has_an_entry_per_award(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    feed = (out / "pilar/feed.xml").read_text("utf-8")
    data = json.loads((out / "data/pilar.json").read_text("utf-8"))
    ids = re.findall(r"<entry>\s*<title>.*?</title>\s*<id>([^<]+)</id>", feed, re.S)
    assert len(ids) == len(set(ids)) == sum(len(p["awards"]) for p in data["pilar"])
    assert any(i.endswith("/pilar/ahmad-syarif-tammu/#2019-provinsi") for i in ids)


def test_the_english_edition_lists_the_awards_with_the_citation_marked_indonesian(
    built_sample: tuple[Path, BuildReport],
) -> None:
    out, _ = built_sample
    page = (out / "en/pilar/ahmad-syarif-tammu/index.html").read_text("utf-8")
    assert '<q lang="id">Memimpin latihan evakuasi' in page
    assert "provincial level, Sulawesi Barat" in page
    assert "Ahmad Syarif Tammu" in (out / "en/tahun/2019/index.html").read_text("utf-8")

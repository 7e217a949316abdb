"""The fields of a profile and of a press release, once: what the editor's forms show, and (a
unit test makes sure) exactly the fields validation knows, so a new field appears in both."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_

KINDS = ("text", "longtext", "int", "choice", "list", "bool", "date")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its name in the file (and the form control's), kind, label and hint (catalog
    ids, `N_`: the editor translates them when it shows them)."""

    name: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False


RANKS = (
    ("", N_("Participant (no rank)")),
    ("1", N_("Winner I")),
    ("2", N_("Winner II")),
    ("3", N_("Winner III")),
    ("harapan-1", N_("Honourable mention I")),
    ("harapan-2", N_("Honourable mention II")),
    ("harapan-3", N_("Honourable mention III")),
)

PILLAR = (
    FieldSpec(
        "name",
        "text",
        N_("Name"),
        N_("The name of the person or organisation, as officially written."),
        True,
    ),
    FieldSpec("category", "choice", N_("Category"), "", True),
    # (the year before the province: the provinces offered are those of the year)
    FieldSpec("year", "int", N_("Selection year"), N_("Example: 2019"), True),
    FieldSpec(
        "province",
        "choice",
        N_("Province"),
        N_("Only the provinces that already existed in that year."),
        True,
    ),
    FieldSpec("rank", "choice", N_("Rank")),
    FieldSpec(
        "summary",
        "longtext",
        N_("Summary"),
        N_("One or two sentences for the cards and search engines."),
    ),
    FieldSpec(
        "quote", "longtext", N_("Quote"), N_("The person's own words, without quotation marks.")
    ),
    FieldSpec("achievements", "list", N_("Achievements"), N_("One achievement per line.")),
    FieldSpec("regency", "text", N_("Regency/city")),
    FieldSpec("district", "text", N_("District")),
    FieldSpec("organization", "text", N_("Organisation")),
    FieldSpec("since", "int", N_("Active since (year)"), N_("Example: 2008")),
    FieldSpec(
        "photo",
        "text",
        N_("Photo file name"),
        N_("A photo file in the same folder as the profile."),
    ),
    FieldSpec(
        "photo_alt",
        "text",
        N_("Photo description"),
        N_("What the photo shows, for screen readers."),
    ),
    FieldSpec(
        "photo_credit",
        "text",
        N_("Photo credit"),
        N_(
            "Who took the photo, e.g. Biro Humas Kemensos. Leave empty to use the credit in "
            "site.yaml."
        ),
    ),
    FieldSpec(
        "photo_license",
        "text",
        N_("Photo licence"),
        N_("E.g. CC BY 4.0. Leave empty to use the licence in site.yaml."),
    ),
    FieldSpec("tags", "list", N_("Keywords"), N_("One keyword per line.")),
    FieldSpec("draft", "bool", N_("Draft (not shown on the site yet)")),
    FieldSpec("date", "date", N_("Publication date"), N_("Leave empty to publish at once.")),
    FieldSpec("story", "longtext", N_("Story (Markdown)"), N_("The profile's full text.")),
)

NEWS = (
    FieldSpec("title", "text", N_("Title"), "", True),
    FieldSpec("date", "date", N_("Date"), "", True),
    FieldSpec("location", "text", N_("Place"), N_("Example: Jakarta")),
    FieldSpec("source", "text", N_("Source"), N_("Example: Biro Humas Kementerian Sosial")),
    FieldSpec("summary", "longtext", N_("Summary"), N_("One or two sentences.")),
    FieldSpec("image", "text", N_("Image"), N_("The image's file name.")),
    FieldSpec(
        "pillars",
        "list",
        N_("Related profiles"),
        N_("Profile file names (without .md), one per line."),
    ),
    FieldSpec("year", "int", N_("Selection year")),
    FieldSpec("draft", "bool", N_("Draft (not shown on the site yet)")),
    FieldSpec("body", "longtext", N_("Press release text (Markdown)")),
)

SELECTION = (
    FieldSpec(
        "year", "int", N_("Selection year"), N_("The same as the file name, e.g. 2019"), True
    ),
    FieldSpec("title", "text", N_("Title"), "", True),
    FieldSpec("date", "date", N_("Start date")),
    FieldSpec("end_date", "date", N_("End date"), N_("Leave empty for a single day.")),
    FieldSpec("venue", "text", N_("Place"), N_("Example: Hotel Aryaduta")),
    FieldSpec("city", "text", N_("City"), N_("Example: Jakarta")),
    FieldSpec("jury", "list", N_("Jury members"), N_("One member per line.")),
    FieldSpec(
        "participants_provinces", "int", N_("Number of participating provinces"), N_("Example: 34")
    ),
    FieldSpec("summary", "longtext", N_("Summary"), N_("One or two sentences.")),
    FieldSpec("body", "longtext", N_("Story of the selection (Markdown)")),
)

PAGE = (
    FieldSpec("title", "text", N_("Title"), "", True),
    FieldSpec("summary", "longtext", N_("Summary"), N_("One or two sentences.")),
    FieldSpec("draft", "bool", N_("Draft (not shown on the site yet)")),
    FieldSpec("body", "longtext", N_("Page text (Markdown)")),
)

# Fields the form does not show, kept in the file as written (frontmatter.py): a press
# release's `photos:` is a list of file, caption and credit, which staff write in the file; so
# is a profile's `awards:` (the form shows them, read-only, in place of year, category, rank).
KEPT_AS_WRITTEN = {"news": ("photos",), "pillar": ("awards",)}
AWARD_OWN = ("year", "category", "rank")  # (each award of `awards:` gives its own)

# The field holding the Markdown text in a YAML file; the form control is always `story`.
TEXT_FIELD = {"pillar": "story", "news": "body", "selection": "body", "page": "body"}


def fields_of(kind: str) -> tuple[FieldSpec, ...]:
    return {"pillar": PILLAR, "news": NEWS, "selection": SELECTION, "page": PAGE}[kind]


def names(fields: tuple[FieldSpec, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields)

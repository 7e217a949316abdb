import datetime

import pytest

from generator.load import parse_record
from generator.yamltext import normalise_text, parse_list_of_mappings, parse_mapping


def test_fields_keep_their_line_with_an_offset() -> None:
    parsed = parse_mapping("name: Siti\n\nyear: 2019\n", first_line=2)
    assert parsed.entries["name"].line == 2
    assert parsed.entries["year"].line == 4
    assert parsed.entries["year"].value == 2019


def test_yaml_traps_remember_what_was_typed() -> None:
    parsed = parse_mapping('a: no\nb: "no"\nc: 012\nd: 2019-08-19\n')
    assert parsed.entries["a"].value is False and parsed.entries["a"].written == "no"
    assert parsed.entries["b"].value == "no" and parsed.entries["b"].written is None
    assert parsed.entries["c"].value == 10 and parsed.entries["c"].written == "012"
    assert parsed.entries["d"].value == datetime.date(2019, 8, 19)


def test_duplicate_keys_are_a_problem_not_silently_overwritten() -> None:
    parsed = parse_mapping("name: A\nname: B\n")
    assert parsed.entries["name"].value == "A"
    assert parsed.problems[0].line == 2 and "twice" in parsed.problems[0].message


def test_a_list_where_fields_are_expected_is_a_problem() -> None:
    parsed = parse_mapping("- a\n- b\n")
    assert not parsed.entries
    assert "found a list" in parsed.problems[0].message


def test_impossible_date_is_a_problem_with_its_line() -> None:
    parsed = parse_mapping("name: A\ndate: 2019-02-30\n")
    assert parsed.problems and parsed.problems[0].line == 2
    assert parsed.entries["date"].broken  # reported once, not again as "missing"
    assert "not a real date" in parsed.problems[0].message


def test_bom_and_crlf_are_normalised_without_shifting_lines() -> None:
    text = normalise_text(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert text == "a: 1\nb: 2\n"


def test_invalid_utf8_names_the_line() -> None:
    problem = normalise_text(b"a: 1\nb: \xff\n")
    assert not isinstance(problem, str)
    assert problem.line == 2 and "UTF-8" in problem.message


def test_list_of_mappings_gives_each_item_its_line() -> None:
    items, problems = parse_list_of_mappings("- slug: a\n  name: A\n- slug: b\n")
    assert not problems
    assert [i.line for i in items] == [1, 3]
    assert items[1].entries["slug"].line == 3


# What a person types wrong in a profile's front matter → the line their editor shows, what
# they did and what to write instead (never PyYAML's own words).
MISTAKES = {
    "no space after the colon": (
        "---\nname:Siti Aminah\ncategory: tksk\nyear: 2019\n---\n",
        2,
        "there is no space after 'name:', so YAML does not see a field here",
        "put a space after the colon: name: Siti Aminah",
    ),
    "no space after the colon of the last field": (
        "---\nname: Siti Aminah\nyear:2019\n---\n",
        3,
        "there is no space after 'year:', so YAML does not see a field here",
        "put a space after the colon: year: 2019",
    ),
    "a hint line uncommented with its space": (
        "---\nname: Siti Aminah\ncategory: tksk\n"
        " rank: 1                 # 1, 2, 3 (Juara I–III) atau harapan-1\nyear: 2019\n---\n",
        4,
        "'rank:' starts with 1 space, so it does not line up with 'category:' above it",
        "delete the spaces before 'rank:' (when you remove the '#' of a hint line, "
        "remove the space after it too)",
    ),
    "a field with a leading space after a list": (
        "---\nname: Siti\nachievements:\n  - Posyandu\n  since: 2008\n---\n",
        5,
        "'since:' starts with 2 spaces, so it does not line up with 'achievements:' above it",
        "delete the spaces before 'since:' (when you remove the '#' of a hint line, "
        "remove the space after it too)",
    ),
    "the first field with a leading space": (
        "---\n name: Siti\nyear: 2019\n---\n",
        2,
        "'name:' starts with 1 space",
        "delete the spaces before 'name:' (when you remove the '#' of a hint line, "
        "remove the space after it too)",
    ),
    "'-' used as empty": (
        "---\nname: Siti\nrank: -\nyear: 2019\n---\n",
        3,
        "'-' after 'rank:' starts a list; it does not mean 'empty'",
        "to leave 'rank' empty, delete the line, or write nothing after 'rank:'",
    ),
    "a list on the field's own line": (
        "---\nname: Siti\nachievements: - Posyandu\n---\n",
        3,
        "a list cannot start on the same line as 'achievements:'",
        "write 'achievements:' alone, then each item on a line of its own, as '  - item'",
    ),
    "an unclosed double quote": (
        '---\nname: Siti\nquote: "Jangan menyerah\nyear: 2019\nsince: 2008\n---\n',
        3,
        'the quote (") opened on this line is never closed',
        'end it with " too: quote: "Jangan menyerah"',
    ),
    "an unclosed single quote": (
        "---\nname: 'Siti\nyear: 2019\n---\n",
        2,
        "the quote (') opened on this line is never closed",
        "end it with ' too: name: 'Siti'",
    ),
    "an unclosed bracket": (
        "---\nname: Siti\ntags: [lansia, posyandu\nyear: 2019\n---\n",
        3,
        "the '[' opened on this line is never closed",
        "end it with ] too: tags: [lansia, posyandu]",
    ),
    "a tab": (
        "---\nname: Siti\nachievements:\n\t- Posyandu\n---\n",
        4,
        "this line is indented with a tab",
        "YAML needs spaces: replace the tab with two spaces",
    ),
    "a colon inside an unquoted value": (
        "---\nname: Siti\nquote: Pesan saya: jangan menyerah\nyear: 2019\n---\n",
        3,
        "the value of 'quote' contains ': ', which YAML reads as the start of another field",
        'put the whole value in quotes: quote: "Pesan saya: jangan menyerah"',
    ),
    "text after the closing quote": (
        '---\nname: Siti\nquote: "Jangan menyerah" katanya\n---\n',
        3,
        "there is text after the closing quote of 'quote'",
        """put the whole value in quotes: quote: '"Jangan menyerah" katanya'""",
    ),
    "a value continued on an unindented line": (
        "---\nname: Siti\nsummary: Satu kalimat\nyang berlanjut\nyear: 2019\n---\n",
        4,
        "'yang berlanjut' is not a 'field: value' line",
        "if it continues the value of 'summary' above, start it with two spaces; "
        "otherwise write it as 'field: value'",
    ),
    "a field written with '='": (
        "---\nname = Siti\nyear: 2019\n---\n",
        2,
        "'name = Siti' is not a 'field: value' line",
        "write it as 'field: value', with a colon: name: Siti",
    ),
    "a field written without its colon": (
        "---\nname Ujang\ncategory: tksk\n---\n",
        2,
        "'name Ujang' is not a 'field: value' line",
        "write it as 'field: value', with a colon: name: Ujang",
    ),
    "list items out of line": (
        "---\nachievements:\n  - Posyandu\n - Bank sampah\n---\n",
        4,
        "this list item is indented differently from the one above it",
        "start every item with the same spaces before the '-' (2, like the one above)",
    ),
    "a list item under no field": (
        "---\nname: Siti\n- Posyandu\n---\n",
        3,
        "this list item ('- ') belongs to no field",
        "write the field first, e.g. achievements:, then indent its items with two spaces",
    ),
    "a value starting with @": (
        "---\nname: @siti.aminah\n---\n",
        2,
        "a value cannot start with '@' in YAML",
        'put it in quotes: name: "@siti.aminah"',
    ),
    "a value starting with !": (
        "---\nname: Siti\nquote: !penting sekali\n---\n",
        3,
        "a value cannot start with '!' in YAML",
        'put it in quotes: quote: "!penting sekali"',
    ),
    "a list item starting with a quote": (
        '---\nname: Siti\nachievements:\n  - "Ketua" RT terbaik\n---\n',
        4,
        "this item of 'achievements' starts with a quote, which YAML reads specially",
        """put the whole item in quotes: - '"Ketua" RT terbaik'""",
    ),
    "a list item starting with a bracket": (
        "---\nname: Siti\nachievements:\n  - Posyandu\n  - [Relawan] bencana\n---\n",
        5,
        "this item of 'achievements' starts with '[', which YAML reads specially",
        'put the whole item in quotes: - "[Relawan] bencana"',
    ),
    "a list item starting with !": (
        "---\nname: Siti\nachievements:\n  - Posyandu\n  - !penting sekali\n---\n",
        5,
        "this item of 'achievements' starts with '!', which YAML reads specially",
        'put the whole item in quotes: - "!penting sekali"',
    ),
    **{
        f"a value starting with {value!r}": (
            f"---\nname: Siti\norganization: {value}\nyear: 2019\n---\n",
            3,
            f"a value cannot start with '{value[0]}' in YAML",
            f'put it in quotes: organization: "{value}"',
        )
        for value in (
            "* Bintang",
            "*Bintang",
            "& Co",
            "> 100 anggota",
            "| Seksi",
            "[x] y",
            "{x} y",
            "? apa",
            "% persen",
        )
    },
    "a value starting with & and no space": (
        "---\nname: Siti\norganization: &Co\nyear: 2019\n---\n",
        3,
        "a value cannot start with '&' in YAML",
        'put it in quotes: organization: "&Co"',
    ),
    "a list item starting with & and no space": (
        "---\nname: Siti\nachievements:\n  - &Co\n---\n",
        4,
        "this item of 'achievements' starts with '&', which YAML reads specially",
        'put the whole item in quotes: - "&Co"',
    ),
    "a list item starting with *": (
        "---\nname: Siti\nachievements:\n  - * Bintang\n---\n",
        4,
        "this item of 'achievements' starts with '*', which YAML reads specially",
        'put the whole item in quotes: - "* Bintang"',
    ),
    "list items with no space after the '-'": (
        "---\nname: Siti\nachievements:\n  -Posyandu\n  -Bank sampah\n---\n",
        4,
        "there is no space after the '-' of the list under 'achievements:', so YAML reads "
        "the lines as one text",
        "put a space after each '-': - Posyandu",
    ),
    "a list item indented more than the one above": (
        "---\nname: Siti\nachievements:\n- Posyandu\n  - Bank sampah\n---\n",
        5,
        "this list item is indented more than the one above it, so YAML reads it as part of "
        "that item",
        "line the '-' up with the one above it (no spaces before the '-')",
    ),
    "a backslash in double quotes": (
        '---\nname: Siti\nquote: "C:\\data"\n---\n',
        3,
        'inside "double quotes" a backslash (\\) starts a special character',
        "use 'single quotes' instead, or write the backslash twice (\\\\)",
    ),
    "curly quotes": (
        "---\nname: Siti\nquote: \u201cPesan: jangan\u201d\n---\n",
        3,
        "this line has curly quotes (“ ”), which YAML does not read as quotes",
        'type straight quotes (") instead',
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_yaml_mistake_is_told_in_words_at_its_line(mistake: str) -> None:
    text, line, message, hint = MISTAKES[mistake]
    _, problems = parse_record(text, ".md", "pillars/2019/siti.md", "pillar")
    assert [(p.line, p.message, p.hint) for p in problems] == [(line, message, hint)]


def test_a_second_document_in_a_yaml_file_is_told_in_words() -> None:
    _, problems = parse_record("name: Siti\n---\nyear: 2019\n", ".yaml", "x.yaml", "pillar")
    assert [(p.line, p.message) for p in problems] == [
        (2, "a line '---' splits this file in two; Teladan reads one set of fields per file")
    ]


def test_the_line_a_hint_says_to_write_makes_the_file_readable() -> None:
    # (a hint once said to add quotes where quotes did not help)
    tried = 0
    for mistake, (text, line, _, hint) in MISTAKES.items():
        lines = text.split("\n")
        lead = next((w for w in (" too: ", "quotes: ", "colon: ") if w in hint), None)
        if lead is not None:
            indent = " " * (len(lines[line - 1]) - len(lines[line - 1].lstrip()))
            lines[line - 1] = indent + hint.split(lead, 1)[1]
        elif hint.startswith("delete the spaces"):
            lines[line - 1] = lines[line - 1].lstrip()
        elif "delete the line" in hint:
            del lines[line - 1]
        else:
            continue
        _, problems = parse_record("\n".join(lines), ".md", "pillars/2019/siti.md", "pillar")
        assert not problems, mistake
        tried += 1
    assert tried == 30

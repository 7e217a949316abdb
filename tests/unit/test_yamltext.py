import datetime

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


def test_syntax_error_reports_the_line_and_a_hint() -> None:
    parsed = parse_mapping("name: Siti\nsummary: Catatan: rusak\n", first_line=2)
    (problem,) = parsed.problems
    assert problem.line == 3
    assert "mapping values are not allowed" in problem.message
    assert "quotes" in problem.hint


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

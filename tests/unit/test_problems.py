from generator.problems import Problem, Severity, did_you_mean, error, sort_problems, warning


def test_error_formats_as_path_line_message_and_indented_hint() -> None:
    p = error("content/a.md", 4, "province 'jabar' is not a province", "write province: jawa-barat")
    assert p.format() == (
        "content/a.md:4: province 'jabar' is not a province\n    write province: jawa-barat"
    )


def test_warning_is_labelled_and_error_is_not() -> None:
    assert warning("a.md", 2, "no photo").format() == "a.md:2: warning: no photo"
    assert error("a.md", None, "broken").format() == "a.md: broken"
    assert error("a.md", 1, "x").severity is Severity.ERROR


def test_did_you_mean_uses_aliases_before_spelling() -> None:
    choices = ["jawa-barat", "jawa-timur", "bali"]
    assert did_you_mean("jawa-baratt", choices) == "jawa-barat"
    assert did_you_mean("Jabar", choices, {"jabar": "jawa-barat"}) == "jawa-barat"
    assert did_you_mean("zzz", choices) == ""


def test_sort_problems_orders_by_file_then_line() -> None:
    problems = [error("b.md", 1, "x"), error("a.md", 9, "y"), error("a.md", 2, "z")]
    assert [(p.path, p.line) for p in sort_problems(problems)] == [
        ("a.md", 2),
        ("a.md", 9),
        ("b.md", 1),
    ]


def test_problem_is_an_immutable_value() -> None:
    assert Problem("a", 1, "m") == Problem("a", 1, "m")
    assert hash(Problem("a", 1, "m")) == hash(Problem("a", 1, "m"))

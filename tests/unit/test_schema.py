"""The editor's field table and validation know the same fields (they cannot drift apart)."""

from __future__ import annotations

from generator import schema, validate


def test_the_profile_form_has_exactly_the_fields_validation_knows() -> None:
    kept = schema.KEPT_AS_WRITTEN["pillar"]
    assert sorted(schema.names(schema.PILLAR) + kept) == sorted(validate.PILLAR_FIELDS)


def test_the_press_release_form_has_exactly_the_fields_validation_knows() -> None:
    kept = schema.KEPT_AS_WRITTEN["news"]
    assert sorted(schema.names(schema.NEWS) + kept) == sorted(validate.NEWS_FIELDS)


def test_the_selection_form_has_exactly_the_fields_validation_knows() -> None:
    assert sorted(schema.names(schema.SELECTION)) == sorted(validate.SELECTION_FIELDS)


def test_the_free_page_form_has_exactly_the_fields_validation_knows() -> None:
    assert sorted(schema.names(schema.PAGE)) == sorted(validate.PAGE_FIELDS)


def test_every_field_has_a_known_kind_and_an_indonesian_label() -> None:
    for spec in (*schema.PILLAR, *schema.NEWS, *schema.SELECTION, *schema.PAGE):
        assert spec.kind in schema.KINDS and spec.label
    required = {s.name for s in schema.PILLAR if s.required}
    assert required == {"name", "category", "province", "year"}
    assert {s.name for s in schema.NEWS if s.required} == {"title", "date"}

import pytest

from generator import urls


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [("", "", "./"), ("", "pilar/a/", "pilar/a/"), ("pilar/a/", "", "../../"),
     ("pilar/a/", "static/x.css", "../../static/x.css"), ("sitemap.xml", "pilar/", "pilar/"),
     ("kategori/psm/halaman/2/", "kategori/", "../../../../kategori/")],
)  # fmt: skip
def test_relative_url_climbs_exactly_to_the_site_root(
    source: str, target: str, expected: str
) -> None:
    assert urls.relative_url(source, target) == expected


def test_pagination_keeps_page_one_at_the_list_address() -> None:
    assert urls.category("psm") == urls.category("psm", 1) == "kategori/psm/"
    assert urls.category("psm", 3) == "kategori/psm/halaman/3/"


def test_output_paths_are_pretty_folders() -> None:
    assert urls.output_path("") == "index.html"
    assert urls.output_path("pilar/a/") == "pilar/a/index.html"
    assert urls.output_path("sitemap.xml") == "sitemap.xml"

"""`{% cache key, … %}…{% endcache %}`: a template block rendered once per distinct key.

A winner's card appears on a dozen other profiles and on every list that holds it; rendering it
through four macros each time was a third of the render stage. The block's output must depend
only on its key (and on site-wide values), so templates pass everything it shows: the card, its
photo, and `link('')` (the page's depth, which decides its relative links). The cache lives in
one Jinja environment, and a build makes a fresh environment, so nothing outlives a build.

Adapted from the fragment cache example in Jinja's extension documentation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup


class FragmentCache(Extension):
    tags = {"cache"}  # noqa: RUF012  (Jinja reads this class attribute)

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_tuple()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    def _cached(self, key: Hashable, caller: Callable[[], Markup]) -> Markup:
        cache: dict[Hashable, Markup] = self.environment.fragment_cache  # type: ignore[attr-defined]
        found = cache.get(key)
        if found is None:
            found = cache[key] = caller()
        return found

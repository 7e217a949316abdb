"""Teladan: a static site generator for the Pilar-pilar Sosial Teladan showcase."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["BuildReport", "__version__", "build", "check"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `teladan build` with nothing to do never loads the renderer.
    if name == "build":
        from .building import build

        return build
    if name == "check":
        from .pipeline import check

        return check
    if name == "BuildReport":
        from .report import BuildReport

        return BuildReport
    raise AttributeError(f"module 'generator' has no attribute {name!r}")

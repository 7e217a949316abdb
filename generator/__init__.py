"""Teladan: a static site generator for the Pilar-pilar Sosial Teladan showcase."""

__version__ = "0.1.0"

from .build import BuildReport, build, check

__all__ = ["BuildReport", "__version__", "build", "check"]

"""Where the files shipped with teladan live: the built-in themes."""

from __future__ import annotations

from pathlib import Path


def builtin_themes() -> Path:
    """Inside the installed package (generator/themes), or beside it in a source checkout."""
    packaged = Path(__file__).parent / "themes"
    return packaged if (packaged / "default").is_dir() else Path(__file__).parent.parent / "themes"

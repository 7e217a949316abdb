"""The size limits of the team guide, checked: no module of generator/ over 500 lines, no
function over 80 lines or with more than 7 parameters (self and cls not counted; *args and
**kwargs count one each; a request object counts as one).

    python benchmarks/sizes.py            # lists what is over, exit 1 if anything is
    python benchmarks/sizes.py some/dir   # another package folder

A function's length is its lines from `def` (or its first decorator) to its last line, the
docstring included: what a reader has to hold in their head."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
MAX_PARAMETERS = 7
PACKAGE = Path(__file__).resolve().parent.parent / "generator"


@dataclass(frozen=True)
class Oversize:
    """One thing over a limit: where it is, what it is, how big, and the limit."""

    path: str
    line: int
    what: str
    size: int
    limit: int

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.what} ({self.size} > {self.limit})"


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef, in_class: bool) -> int:
    args = node.args
    named = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    count = len(named) + (args.vararg is not None) + (args.kwarg is not None)
    is_static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if in_class and not is_static and named[:1] and named[0].arg in ("self", "cls"):
        count -= 1
    return count


def _functions(
    tree: ast.AST, in_class: bool = False, prefix: str = ""
) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool, str]]:
    """Every function and method, nested ones too, with whether it sits in a class and its
    dotted name."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            yield node, in_class, name
            yield from _functions(node, False, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, True, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, in_class, prefix)


def oversizes(package: Path = PACKAGE) -> list[Oversize]:
    """What in `package` (every .py file below it) is over a limit, in file order."""
    found: list[Oversize] = []
    for path in sorted(package.rglob("*.py")):
        shown = path.relative_to(package.parent).as_posix()
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(Oversize(shown, 1, f"module of {lines} lines", lines, MAX_MODULE_LINES))
        for node, in_class, name in _functions(ast.parse(source, shown)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > MAX_FUNCTION_LINES:
                what = f"function {name} of {length} lines"
                found.append(Oversize(shown, node.lineno, what, length, MAX_FUNCTION_LINES))
            count = _parameters(node, in_class)
            if count > MAX_PARAMETERS:
                what = f"function {name} with {count} parameters"
                found.append(Oversize(shown, node.lineno, what, count, MAX_PARAMETERS))
    return found


def main(argv: list[str]) -> int:
    package = Path(argv[0]) if argv else PACKAGE
    found = oversizes(package)
    for oversize in found:
        print(oversize.format())
    if found:
        print(f"{len(found)} over the limits (modules {MAX_MODULE_LINES} lines, functions "
              f"{MAX_FUNCTION_LINES} lines and {MAX_PARAMETERS} parameters)")  # fmt: skip
        return 1
    print(f"every module and function of {package} is within the limits")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

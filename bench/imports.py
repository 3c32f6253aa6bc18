"""Import-graph figures for the redesign's checks: cycles between modules and between
packages (every import counted, the deferred ones too), and the longest modules.

    python bench/imports.py            # this tree
    PYTHONPATH=OTHER python bench/imports.py   # another checkout, for comparison

A package is `reader.X` (its modules and subpackages); the modules at the top of
`reader/` (errors, paths, ...) form the package `reader`, the entry point
`reader/__main__.py` is left on its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of two or more nodes that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for node in nodes:
        if node not in index:
            visit(node)
    return groups


def main() -> int:
    graph = grimp.build_graph("reader", include_external_packages=False)
    modules = sorted(graph.modules)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in modules}

    def package(module: str) -> str:
        parts = module.split(".")
        if module == "reader.__main__":
            return module
        if len(parts) >= 3 or graph.find_children(module):
            return ".".join(parts[:2])
        return "reader"

    package_edges: dict[str, set[str]] = {}
    for module in modules:
        for imported in edges[module]:
            a, b = package(module), package(imported)
            if a != b:
                package_edges.setdefault(a, set()).add(b)
    module_cycles = strongly_connected(modules, edges)
    package_cycles = strongly_connected(sorted({package(m) for m in modules}), package_edges)
    print(f"module cycles: {len(module_cycles)}")
    for group in module_cycles:
        print("   " + " <-> ".join(group))
    print(f"package cycles: {len(package_cycles)}")
    for group in package_cycles:
        print("   " + " <-> ".join(group))
    root = Path(__import__("reader").__file__).parent
    sizes = sorted(
        (
            (len(p.read_text("utf-8").splitlines()), p.relative_to(root.parent))
            for p in root.rglob("*.py")
        ),
        reverse=True,
    )
    print("longest modules: " + ", ".join(f"{path} {lines}" for lines, path in sizes[:5]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

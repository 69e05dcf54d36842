"""The refusal codes the counter's code can raise, read from its source.

A refusal is ``DomainError(code, message, **params)``; the code is a string literal at
the call, or reaches it through a helper's parameter (``_refuse(field, code, ...)``,
``checked_text(..., code=...)``), a name bound to a literal, an f-string over a helper's
argument (``f"fee_{name}_invalid"``) or a loop over a table of codes (the queue's
``CONFLICTS``). Each is followed back to its literals; a code built any other way makes
:func:`refusal_codes` fail, so that the list cannot silently miss it.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
RAISER = "DomainError"


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            yield node


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _argument(call: ast.Call, function: ast.FunctionDef, parameter: str) -> ast.expr | None:
    """The expression a call passes to ``parameter`` of ``function`` (or its default)."""
    names = [a.arg for a in function.args.posonlyargs + function.args.args]
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if parameter in names:
        index = names.index(parameter)
        if function.args.args and function.args.args[0].arg == "self":
            index -= 1
        if index < len(call.args):
            return call.args[index]
        defaults = function.args.defaults
        offset = len(names) - len(defaults)
        if names.index(parameter) >= offset:
            return defaults[names.index(parameter) - offset]
    return None


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.constants: dict[str, ast.expr] = {}
        for node in self.tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = node.value
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent

    def enclosing(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None


class _Scan:
    def __init__(self, paths: list[Path]) -> None:
        self.modules = [_Module(path) for path in paths]
        self.codes: dict[str, set[str]] = defaultdict(set)  # code → where
        # helper name → (its definition, the parameter that carries the code, template)
        self.helpers: dict[str, list[tuple[ast.FunctionDef, str, ast.expr]]] = defaultdict(list)
        self.unresolved: list[str] = []

    def run(self) -> None:
        raisers = {RAISER}
        while True:
            before = sum(len(v) for v in self.helpers.values())
            self.unresolved = []
            for module in self.modules:
                for node in ast.walk(module.tree):
                    if isinstance(node, ast.Call) and _name(node) in raisers:
                        self._call(module, node)
            raisers = {RAISER} | set(self.helpers)
            if sum(len(v) for v in self.helpers.values()) == before:
                return

    def _call(self, module: _Module, call: ast.Call) -> None:
        name = _name(call)
        if name == RAISER:
            if call.args:
                self._code(module, call, call.args[0], lambda text: text)
            return
        for function, parameter, template in self.helpers[name or ""]:
            value = _argument(call, function, parameter)
            if value is not None:
                self._code(module, call, value, _filler(template, parameter))

    def _code(self, module: _Module, at: ast.AST, value: ast.expr, fill) -> None:  # type: ignore[no-untyped-def]
        where = f"{module.path.name}:{getattr(at, 'lineno', '?')}"
        function = module.enclosing(at)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            self.codes[fill(value.value)].add(where)
        elif isinstance(value, ast.JoinedStr) and function is not None:
            names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
            params = {a.arg for a in function.args.args + function.args.kwonlyargs}
            if len(names) == 1 and names <= params:
                self._helper(function, names.pop(), value)
            else:
                self.unresolved.append(where)
        elif isinstance(value, ast.Name):
            self._name(module, function, at, value, fill, where)
        elif isinstance(value, ast.Attribute) and value.attr == "code":
            return  # an error caught and raised again: its code was found where it was made
        else:
            self.unresolved.append(where)

    def _name(self, module, function, at, value: ast.Name, fill, where: str) -> None:  # type: ignore[no-untyped-def]
        if function is not None:
            params = [a.arg for a in function.args.args + function.args.kwonlyargs]
            if value.id in params:
                self._helper(function, value.id, value)
                return
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == value.id for t in node.targets
                ):
                    self._code(module, at, node.value, fill)
                    return
                if isinstance(node, ast.For) and _binds(node.target, value.id):
                    table = node.iter
                    if isinstance(table, ast.Name) and table.id in module.constants:
                        table = module.constants[table.id]
                    for item in ast.walk(table):
                        if isinstance(item, ast.Constant) and CODE.match(str(item.value)):
                            self.codes[fill(item.value)].add(where)
                    return
        if value.id in module.constants:
            self._code(module, at, module.constants[value.id], fill)
            return
        self.unresolved.append(where)

    def _helper(self, function: ast.FunctionDef, parameter: str, template: ast.expr) -> None:
        entry = (function, parameter, template)
        if not any(e[0] is function and e[1] == parameter for e in self.helpers[function.name]):
            self.helpers[function.name].append(entry)


def _binds(target: ast.expr, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


def _filler(template: ast.expr, parameter: str):  # type: ignore[no-untyped-def]
    """How a helper makes its code from the literal passed to it."""
    if not isinstance(template, ast.JoinedStr):
        return lambda text: text
    parts = []
    for piece in template.values:
        if isinstance(piece, ast.Constant):
            parts.append(str(piece.value))
        else:
            parts.append(None)
    return lambda text: "".join(text if part is None else part for part in parts)


def refusal_codes(root: Path, exclude: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """Every refusal code raised under ``root`` (a package folder): code → file:line."""
    paths = [p for p in sorted(root.rglob("*.py")) if not any(x in p.parts for x in exclude)]
    scan = _Scan(paths)
    scan.run()
    assert not scan.unresolved, f"refusal codes the scan cannot follow: {scan.unresolved}"
    return {code: where for code, where in scan.codes.items() if CODE.match(code)}

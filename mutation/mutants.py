"""Seeded changes to a module's source, made on its syntax tree.

Each mutant is one small change a careless edit could make: an operator swapped, a comparison
flipped at its boundary, a condition negated, a constant nudged, an element left out of a
literal, a statement deleted, min and max or any and all exchanged. A test should fail for each.

Left alone, because a change there is noise or cannot run: docstrings, imports, type
annotations, `if TYPE_CHECKING:` blocks, f-string parts, and statements at module level (a
deleted definition only breaks the import).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

BINARY = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
}
COMPARE = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
BOOLEAN = {ast.And: ast.Or, ast.Or: ast.And}
SWAPPED_NAMES = {"min": "max", "max": "min", "any": "all", "all": "any"}
SYMBOLS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.And: "and",
    ast.Or: "or",
}
DELETABLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return, ast.Raise, ast.If)
DELETABLE += (ast.For, ast.While, ast.With, ast.Try, ast.Delete)


@dataclass(frozen=True)
class Mutant:
    """One change: the node (by its position in ast.walk order), what to do, and a label."""

    node: int
    operation: str
    argument: object
    line: int
    function: str
    description: str

    @property
    def key(self) -> str:
        """Stable across runs while the line's text stays the same (used for the equivalents)."""
        return f"{self.function}: {self.description}"


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated (see the module's docstring)."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and _is_docstring(body[0]):
            skip(body[0])
        if isinstance(node, ast.Import | ast.ImportFrom | ast.JoinedStr):
            skip(node)
        elif isinstance(node, ast.arg | ast.AnnAssign):
            skip(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            skip(node.returns)
        elif _type_checking_block(node) or _dunder_all(node):
            skip(node)
    return skipped


def _type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _dunder_all(node: ast.AST) -> bool:
    return isinstance(node, ast.Assign) and any(
        isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
    )


def _functions(tree: ast.Module) -> dict[int, str]:
    """id(node) -> the qualified name of the function or class it sits in ("<module>" if none)."""
    owner: dict[int, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = name
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = child.name if name == "<module>" else f"{name}.{child.name}"
            owner[id(child)] = inner
            visit(child, inner)

    visit(tree, "<module>")
    return owner


def _line(source_lines: list[str], node: ast.AST) -> str:
    number = getattr(node, "lineno", 0)
    return source_lines[number - 1].strip() if 0 < number <= len(source_lines) else ""


def _statement_lists(tree: ast.Module) -> dict[int, bool]:
    """id(statement) -> True when it sits in a function's body (at any depth)."""
    inside: dict[int, bool] = {}

    def visit(node: ast.AST, in_function: bool) -> None:
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, field, None)
            for child in children if isinstance(children, list) else []:
                if isinstance(child, ast.stmt):
                    inside[id(child)] = in_function
        for child in ast.iter_child_nodes(node):
            visit(child, in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(tree, False)
    return inside


def find_mutants(source: str) -> list[Mutant]:
    tree = ast.parse(source)
    lines = source.splitlines()
    skipped = _skipped_nodes(tree)
    owners = _functions(tree)
    in_function = _statement_lists(tree)
    found: list[Mutant] = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skipped:
            continue
        for operation, argument, label in _candidates(node, in_function):
            text = _line(lines, node)
            found.append(
                Mutant(
                    node=index,
                    operation=operation,
                    argument=argument,
                    line=getattr(node, "lineno", 0),
                    function=owners.get(id(node), "<module>"),
                    description=f"{label} in `{text}`",
                )
            )
    return found


def _candidates(node: ast.AST, in_function: dict[int, bool]) -> Iterator[tuple[str, object, str]]:
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        new = BINARY[type(node.op)]
        yield "binop", new, f"{SYMBOLS[type(node.op)]} -> {SYMBOLS[new]}"
    elif isinstance(node, ast.Compare):
        for position, op in enumerate(node.ops):
            new = COMPARE[type(op)]
            yield "compare", (position, new), f"{SYMBOLS[type(op)]} -> {SYMBOLS[new]}"
    elif isinstance(node, ast.BoolOp):
        new = BOOLEAN[type(node.op)]
        yield "boolop", new, f"{SYMBOLS[type(node.op)]} -> {SYMBOLS[new]}"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "drop_not", None, "not x -> x"
    elif isinstance(node, ast.Constant):
        yield from _constant_candidates(node)
    elif isinstance(node, ast.Name) and node.id in SWAPPED_NAMES:
        yield "rename", SWAPPED_NAMES[node.id], f"{node.id} -> {SWAPPED_NAMES[node.id]}"
    elif isinstance(node, ast.List | ast.Tuple | ast.Set) and isinstance(
        getattr(node, "ctx", ast.Load()), ast.Load
    ):
        if len(node.elts) >= 2:
            for position, element in enumerate(node.elts):
                yield "drop_element", position, f"element {ast.unparse(element)[:40]} left out"
    elif isinstance(node, ast.Dict) and len(node.keys) >= 2:
        for position, key in enumerate(node.keys):
            shown = ast.unparse(key)[:40] if key is not None else "**"
            yield "drop_entry", position, f"entry {shown} left out"
    if isinstance(node, ast.If | ast.While | ast.IfExp) and not (
        isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not)
    ):
        yield "negate", None, "condition negated"
    if isinstance(node, DELETABLE) and in_function.get(id(node)):
        yield "delete", None, f"{type(node).__name__.lower()} statement deleted"


def _constant_candidates(node: ast.Constant) -> Iterator[tuple[str, object, str]]:
    value = node.value
    if isinstance(value, bool):
        yield "constant", not value, f"{value} -> {not value}"
    elif isinstance(value, int):
        yield "constant", value + 1, f"{value} -> {value + 1}"
        yield "constant", value - 1, f"{value} -> {value - 1}"
    elif isinstance(value, str):
        yield "constant", f"XX{value}XX", f"{value[:30]!r} -> 'XX…XX'"
        for element in _class_elements(value):
            shrunk = value.replace(element, "", 1)
            yield "constant", shrunk, f"{element!a} left out of the character class"


def _class_elements(text: str) -> list[str]:
    """The single characters and ranges of a regular expression's character class ("[a-z_]"),
    so that leaving out one of them is a mutant of its own; [] for any other string."""
    if not (len(text) > 2 and text[0] == "[" and text[-1] == "]") or "\\" in text:
        return []
    inner, elements, position = text[1:-1], [], 0
    while position < len(inner):
        if position + 2 < len(inner) and inner[position + 1] == "-":
            elements.append(inner[position : position + 3])
            position += 3
        else:
            elements.append(inner[position])
            position += 1
    return elements


class _Apply(ast.NodeTransformer):
    def __init__(self, target: ast.AST, mutant: Mutant) -> None:
        self.target = target
        self.mutant = mutant

    def visit(self, node: ast.AST) -> ast.AST:
        if node is not self.target:
            return self.generic_visit(node)
        operation, argument = self.mutant.operation, self.mutant.argument
        if operation == "binop":
            node.op = argument()
        elif operation == "compare":
            position, new = argument
            node.ops[position] = new()
        elif operation == "boolop":
            node.op = argument()
        elif operation == "drop_not":
            return node.operand
        elif operation == "constant":
            node.value = argument
        elif operation == "rename":
            node.id = argument
        elif operation == "drop_element":
            del node.elts[argument]
        elif operation == "drop_entry":
            del node.keys[argument]
            del node.values[argument]
        elif operation == "negate":
            node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        elif operation == "delete":
            return ast.Pass()
        return node


def mutate(source: str, mutant: Mutant) -> ast.Module:
    """The module's tree with the one change made."""
    tree = ast.parse(source)
    target = list(ast.walk(tree))[mutant.node]
    mutated = _Apply(target, mutant).visit(tree)
    return ast.fix_missing_locations(mutated)

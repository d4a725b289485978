"""Safe, line-aware YAML for records and policy.

Parsing composes the YAML node graph with libyaml (the C loader when it is
available) and builds plain values from it ourselves, because that is where the
hazards a record must not contain are visible: duplicate keys, anchors and
aliases, tags, YAML 1.1 booleans and numbers (octal 017, 1:30, 0x1F...).
Timestamps stay strings so the schema's ``date-time`` format applies. Positions
are not kept for valid data: when a problem needs a line, :class:`Locator`
re-composes that one file (rare and cheap).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from sys import intern
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import FieldPath, Problem, error

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml is present on every supported platform
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_TAGS: dict[tuple[str, tuple[bool, bool]], str] = {}  # (scalar, implicit) -> resolved tag


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader with a memo of scalar tags: libyaml calls back into Python to resolve
    every scalar, and records repeat most of theirs (every key, every enum value)."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            if len(_TAGS) >= 100_000:  # bounded: free text and timestamps rarely repeat
                _TAGS.clear()
            tag = _TAGS[key] = super().resolve(kind, value, implicit)
        return tag


_T = "tag:yaml.org,2002:"
_STR, _TS, _INT, _FLOAT, _BOOL, _NULL = (_T + s for s in ("str", "timestamp", "int", "float", "bool", "null"))
_MAP, _SEQ, _MERGE = _T + "map", _T + "seq", _T + "merge"
YAML11_WORD_BOOLS = frozenset({"yes", "no", "on", "off"})
# The numbers a reader sees: plain decimal digits. YAML 1.1 also reads 017 and 0100 as octal,
# 0x1F, 0b11, 1:30 (base 60), 1_000, .inf and .nan as numbers; those are refused (yaml-number).
# A float needs a dot in YAML 1.1 (1e3 and 0o17 stay text, which number fields refuse), and
# `.5` is accepted: it reads as 0.5, as a reader expects.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
MAX_DEPTH = 64  # records nest 4 levels; libyaml's composer overflows the C stack near 20,000
_DEPTH_SCAN_ABOVE = 1000

_scalars = SafeConstructor()


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


_SHARED_UP_TO = 40  # characters


@dataclass(slots=True)
class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, collecting hazards."""

    path: str
    line_offset: int
    problems: list[Problem]
    fatal: bool = False  # a refused construct: the data is not what the author meant

    def here(self, node: Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def build(self, node: Node) -> Any:
        if node.__class__ is ScalarNode:
            return self.scalar(node)  # type: ignore[arg-type]
        if node.__class__ is MappingNode:
            if node.tag != _MAP:
                self.refuse_tag(node)
            return self.mapping(node)  # type: ignore[arg-type]
        if node.tag != _SEQ:
            self.refuse_tag(node)
        return [self.build(item) for item in node.value]

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag in (_STR, _TS):
            value = node.value
            # one object per distinct short word (statuses, teams, categories, who): records
            # repeat them, and a program of 10,000 records keeps every one
            return intern(value) if len(value) <= _SHARED_UP_TO else value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _scalars.construct_yaml_bool(node)
        if tag == _INT:
            number = _scalars.construct_yaml_int(node)
            if not _PLAIN_INT.fullmatch(node.value):
                self.refuse_number(node, number)
            return number
        if tag == _FLOAT:
            number = _scalars.construct_yaml_float(node)
            if not _PLAIN_FLOAT.fullmatch(node.value):
                self.refuse_number(node, number)
            return number
        self.refuse_tag(node)
        return None

    def refuse_number(self, node: ScalarNode, number: float) -> None:
        """A YAML 1.1 number form: the value is not the number a reader sees. Not fatal: the
        record fails its check, and the rest of it is still checked."""
        raw = node.value
        kind = _number_kind(raw, number)
        line, col = self.here(node)
        if len(raw) > 40:  # never echo a paragraph of digits
            message = f"`{raw[:40]}…` is a YAML 1.1 {kind} (it would be read as another number)"
            hint = "write the number in plain decimal digits, or quote it if it is text"
        else:
            read, example = _number_text(number), _number_example(raw, number, kind)
            message = f"`{raw}` is a YAML 1.1 {kind} (it would be read as {read})"
            plainly = f"in plain decimal digits, e.g. `{example}`," if example else "in plain decimal digits,"
            hint = f'write the number {plainly} or quote it if it is text: "{raw}"'
        self.problems.append(error(self.path, "yaml-number", message, hint, line=line, column=col))

    def mapping(self, node: MappingNode) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag == _MERGE:
                self.fatal = True
                line, col = self.here(key_node)
                self.problems.append(
                    error(
                        self.path,
                        "yaml-key",
                        "keys must be plain words",
                        "write `name: value`; merge keys (<<) and complex keys are not allowed",
                        line=line,
                        column=col,
                    )
                )
                continue
            key = intern(key_node.value)
            if key in out:
                line, col = self.here(key_node)
                self.problems.append(
                    error(
                        self.path,
                        "yaml-duplicate-key",
                        f"duplicate key `{key}`",
                        "each key may appear once in a mapping; merge the two entries",
                        line=line,
                        column=col,
                    )
                )
            out[key] = self.build(value_node)
        return out

    def refuse_tag(self, node: Node) -> None:
        self.fatal = True
        line, col = self.here(node)
        tag = node.tag.replace(_T, "!!")
        self.problems.append(
            error(
                self.path,
                "yaml-tag",
                f"YAML tag `{tag}` is not allowed",
                "remove the tag; records hold plain text, numbers, lists and mappings",
                line=line,
                column=col,
            )
        )


def _number_kind(raw: str, number: float) -> str:
    """What YAML 1.1 takes ``raw``, a number that is not plain decimal, for."""
    digits = raw.lstrip("+-").lower()
    if isinstance(number, float) and not math.isfinite(number):
        return "special number"
    if digits.startswith("0x"):
        return "hexadecimal number"
    if digits.startswith("0b"):
        return "binary number"
    if ":" in digits:
        return "base-60 (sexagesimal) number"
    if isinstance(number, int) and digits.startswith("0"):
        return "octal number"
    return "number with `_` digit separators"


def _number_example(raw: str, number: float, kind: str) -> str | None:
    """The plain decimal a writer of ``raw`` probably meant: the digits they wrote where they
    are decimal (017, 1_000), else the number YAML 1.1 reads; None for infinity and NaN."""
    if kind == "octal number":
        return ("-" if raw.startswith("-") else "") + (raw.lstrip("+-").replace("_", "").lstrip("0") or "0")
    if kind == "number with `_` digit separators":
        return raw.replace("_", "")
    return None if kind == "special number" else _number_text(number)


def _number_text(number: float) -> str:
    if math.isnan(number):
        return "not-a-number"
    if math.isinf(number):
        return "infinity" if number > 0 else "minus infinity"
    return str(number)


def _tab_indentation(text: str, path: str, line_offset: int) -> list[Problem]:
    found = []
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        body = line.lstrip(" \t")
        if body and "\t" in line[: len(line) - len(body)]:
            col = line.index("\t") + 1
            found.append(
                error(
                    path,
                    "yaml-tab",
                    "tab used for indentation",
                    "YAML indentation must use spaces; replace the tab with spaces",
                    line=number,
                    column=col,
                )
            )
    return found


def _anchors_and_aliases(text: str, path: str, line_offset: int) -> list[Problem]:
    found = []
    for event in yaml.parse(text, Loader=_Loader):
        kind = None
        if isinstance(event, yaml.AliasEvent):
            kind = f"alias `*{event.anchor}`"
        elif getattr(event, "anchor", None):
            kind = f"anchor `&{event.anchor}`"
        if kind:
            mark = event.start_mark
            found.append(
                error(
                    path,
                    "yaml-alias",
                    f"{kind} is not allowed in records",
                    "write the value out in full; anchors and aliases hide what a "
                    "record says and can expand without bound",
                    line=mark.line + 1 + line_offset,
                    column=mark.column + 1,
                )
            )
    return found


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on nesting depth: every level needs a new line, a
    bracket or a sequence/complex-key indicator."""
    return text.count("\n") + text.count("[") + text.count("{") + text.count("-") + text.count("?") + 1


def _too_deep(text: str, path: str, line_offset: int) -> Problem | None:
    """The first collection nested deeper than MAX_DEPTH. Since PyYAML 6.0.3 libyaml's scanner
    refuses deep flow nesting itself, ahead of the events; then the pure-Python parser (lazy,
    and only ever run on such hostile text) finds the level, so every version reports the same."""
    try:
        return _first_too_deep(text, path, line_offset, _Loader)
    except yaml.YAMLError as exc:
        if "nesting depth" not in str(exc):
            raise
        return _first_too_deep(text, path, line_offset, yaml.SafeLoader)


def _first_too_deep(text: str, path: str, line_offset: int, loader: type) -> Problem | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return error(
                    path,
                    "yaml-depth",
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "records are shallow; flatten the structure",
                    line=mark.line + 1 + line_offset,
                    column=mark.column + 1,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def syntax_problem(exc: yaml.YAMLError, path: str, line_offset: int, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {what}" + (f" ({context})" if context else "")
    if isinstance(exc, yaml.reader.ReaderError):
        message = f"YAML syntax error: unacceptable character #x{exc.character:04x}"
        line, col = position(text, exc.position)
        line += line_offset
    return error(
        path,
        "yaml-syntax",
        message,
        "check indentation and quoting on this line and the one before; "
        "quote values that contain ': ' or start with a special character",
        line=line,
        column=col,
    )


def position(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1
    return line, offset - (text.rfind(newline, 0, offset) + 1) + 1


def _empty(path: str, line_offset: int) -> Problem:
    return error(
        path,
        "yaml-empty",
        "the document is empty",
        "a record is a YAML mapping of fields",
        line=1 + line_offset,
        column=1,
    )


def parse(text: str, path: str, *, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain values; ``None`` data means unusable.

    ``line_offset`` shifts reported lines (front matter starts after ``---``).
    """
    data, problems, _ = parse_located(text, path, line_offset=line_offset)
    return data, problems


def parse_located(text: str, path: str, *, line_offset: int = 0) -> tuple[Any, list[Problem], Locator | None]:
    """`parse`, and a `Locator` over the nodes it composed when the data is usable: problems
    found in the data get their lines without composing the text again."""
    data, problems, node = _parse(text, path, line_offset)
    return data, problems, Locator(text, line_offset, root=node) if data is not None else None


def _parse(text: str, path: str, line_offset: int) -> tuple[Any, list[Problem], Node | None]:
    problems: list[Problem] = []
    if "\t" in text:
        problems += _tab_indentation(text, path, line_offset)
        if problems:
            return None, problems, None
    try:
        if "&" in text or "*" in text:
            problems += _anchors_and_aliases(text, path, line_offset)
            if problems:
                return None, problems, None
        if _nesting_bound(text) > _DEPTH_SCAN_ABOVE:
            deep = _too_deep(text, path, line_offset)
            if deep:
                return None, [deep], None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, [syntax_problem(exc, path, line_offset, text)], None
    if node is None:
        return None, [_empty(path, line_offset)], None
    builder = _Builder(path, line_offset, problems)
    try:
        data = builder.build(node)
    except RecursionError:
        return None, [
            error(
                path,
                "yaml-depth",
                "nesting too deep",
                "records are shallow; flatten the structure",
                line=1 + line_offset,
                column=1,
            )
        ], None
    except (ValueError, OverflowError, yaml.YAMLError) as exc:  # e.g. an unparsable int
        line, col = builder.here(node)
        return None, [
            error(
                path,
                "yaml-syntax",
                f"YAML value cannot be read: {exc}",
                "quote the value",
                line=line,
                column=col,
            )
        ], None
    if builder.fatal:
        return None, problems, None
    if data is None:  # a document that is only `~`, `null` or a comment
        return None, [*problems, _empty(path, line_offset)], None
    return data, problems, node


class Locator:
    """Finds the source position of a field path in a YAML text, on demand.

    Each collection on a looked-up path is indexed once, when first needed (a dict of a
    mapping's keys; the start positions of its entries, for :meth:`field_at`), so locating
    every one of N problems in a file costs O(N log N), not O(N * entries).
    """

    def __init__(self, text: str, line_offset: int = 0, *, root: Node | None = None) -> None:
        self._text = text
        self._offset = line_offset
        self._root: Node | None = root  # the text's nodes, when the caller composed them already
        self._composed = root is not None
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}  # id(MappingNode) -> key -> entry
        self._starts: dict[int, _Entries] = {}  # id(collection node) -> its entries by position

    def _node(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def find(self, field: FieldPath) -> tuple[int, int, ScalarNode | None]:
        """Line and column of the deepest existing node on ``field``, and the
        scalar node itself when the whole path exists and ends at a scalar.

        Mapping entries point at their key: that is the line a reader looks for.
        """
        node = self._node()
        if node is None:
            return 1 + self._offset, 1, None
        mark = node.start_mark
        for part in field:
            child = self._child(node, part)
            if child is None:
                return mark.line + 1 + self._offset, mark.column + 1, None
            key_node, node = child
            mark = (key_node or node).start_mark
        scalar = node if isinstance(node, ScalarNode) else None
        return mark.line + 1 + self._offset, mark.column + 1, scalar

    def field_at(self, line: int, column: int) -> FieldPath:
        """The field a position (1-based, as reported) belongs to: the deepest mapping entry
        or list item that starts at or before it, so a comment after a value and the lines
        of a block scalar belong to that value's field. () when the text does not parse."""
        node = self._node()
        where = (line - 1 - self._offset, column - 1)
        path: list[str | int] = []
        while node is not None:
            if not isinstance(node, MappingNode | SequenceNode):
                break
            entries = self._starts.get(id(node))
            if entries is None:
                entries = self._starts[id(node)] = _Entries.of(node)
            owner = entries.owner(where)
            if owner is None or (node.end_mark.line, node.end_mark.column) < where:
                break
            path.append(owner[0])
            node = owner[1]
        return tuple(path)

    def _child(self, node: Node, part: str | int) -> tuple[Node | None, Node] | None:
        if isinstance(node, MappingNode) and isinstance(part, str):
            keys = self._keys.get(id(node))
            if keys is None:  # last one wins, as in parse()
                keys = self._keys[id(node)] = {
                    key.value: (key, value) for key, value in node.value if isinstance(key, ScalarNode)
                }
            return keys.get(part)
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None


@dataclass(slots=True)
class _Entries:
    """A collection's entries (field part, the node that starts the entry, its value) and
    their start positions, for finding the last entry that starts at or before a position."""

    parts: list[tuple[str | int, Node]]
    starts: list[tuple[int, int]]
    ordered: bool  # starts never decrease (always, for what libyaml composes): bisect applies

    @classmethod
    def of(cls, node: MappingNode | SequenceNode) -> _Entries:
        if isinstance(node, MappingNode):
            entries = [(key.value, key, value) for key, value in node.value if isinstance(key, ScalarNode)]
        else:
            entries = [(index, item, item) for index, item in enumerate(node.value)]
        starts = [(start.start_mark.line, start.start_mark.column) for _part, start, _value in entries]
        ordered = all(a <= b for a, b in pairwise(starts))
        return cls([(part, value) for part, _start, value in entries], starts, ordered)

    def owner(self, where: tuple[int, int]) -> tuple[str | int, Node] | None:
        if self.ordered:
            index = bisect_right(self.starts, where) - 1
            return self.parts[index] if index >= 0 else None
        owner = None
        for start, entry in zip(self.starts, self.parts, strict=True):
            if start <= where:
                owner = entry
        return owner

"""The SOQL subset the local Salesforce server answers, parsed with a real tokenizer.

A tokenizer (not regexes over the whole statement) is the point: an escaped quote stays inside
its literal, an unescaped one ends it, so a client's quoting mistakes show up here the way they
would against a real org. Supported:

    SELECT f1, f2 | COUNT() FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...]
    [LIMIT n] [OFFSET n]

where cond combines `f = v`, `!=`/`<>`, `<`, `<=`, `>`, `>=`, `f LIKE 'a%'`, `f [NOT] IN (v, ...)`
with AND, OR, NOT and parentheses; like SOQL, AND and OR may not be mixed without parentheses.
Values are quoted strings (SOQL escapes), numbers, true, false, null, date and dateTime literals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

# The escapes of SOQL string literals; \_ and \% only mean something to LIKE.
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'",
            "\\": "\\", "_": "_", "%": "%"}
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\dT])")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?![\w.])")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_OPERATORS = ("!=", "<>", "<=", ">=", "=", "<", ">")
_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")
_KEYWORDS = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "ASC",
             "DESC", "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "TRUE", "FALSE", "NULL"}
# Field kinds the filter understands; the server maps its field types onto these.
KINDS = ("string", "id", "boolean", "number", "date", "datetime")


class SoqlError(Exception):
    """A query the real API would refuse with HTTP 400 and this errorCode."""

    def __init__(self, error_code: str, message: str) -> None:
        super().__init__(message)
        self.error_code = error_code
        self.message = message


@dataclass(frozen=True)
class Token:
    kind: str  # ident, keyword, string, number, date, datetime, op, "(", ")", ",", eof
    value: Any
    pos: int
    like: str = ""  # for strings: the LIKE regex, where only unescaped % and _ are wildcards


@dataclass
class Query:
    """A parsed statement; field names as written, resolved later against a schema."""

    fields: list[tuple[str, int]]
    sobject: str
    sobject_pos: int
    count: bool = False
    where: tuple | None = None
    order: list[tuple[str, int, bool, bool]] = field(default_factory=list)  # name, pos, desc, nl
    limit: int | None = None
    offset: int = 0


def error_at(soql: str, pos: int, code: str, message: str) -> SoqlError:
    """Salesforce's layout: the statement, a caret under the offending column, then the text."""
    line_start = soql.rfind("\n", 0, pos) + 1
    line_end = soql.find("\n", pos)
    line = soql[line_start:] if line_end < 0 else soql[line_start:line_end]
    row = soql.count("\n", 0, pos) + 1
    column = pos - line_start + 1
    caret = " " * (column - 1) + "^"
    return SoqlError(code, f"\n{line}\n{caret}\nERROR at Row:{row}:Column:{column}\n{message}")


def tokenize(soql: str) -> list[Token]:
    """Split a statement into tokens; a string literal is one token whatever it contains."""
    tokens: list[Token] = []
    i, n = 0, len(soql)
    while i < n:
        ch = soql[i]
        if ch.isspace():
            i += 1
        elif ch == "'":
            start, i = i, i + 1
            value: list[str] = []
            like: list[str] = []
            while True:
                if i >= n:
                    raise error_at(soql, start, "MALFORMED_QUERY",
                                 f"line 1:{start} mismatched character '<EOF>' expecting '''")
                ch = soql[i]
                if ch == "'":
                    i += 1
                    break
                if ch == "\\":
                    escaped = soql[i + 1] if i + 1 < n else ""
                    if escaped not in _ESCAPES:
                        raise error_at(soql, i, "MALFORMED_QUERY",
                                     f"Invalid string literal '{soql[start + 1:i]}'. Illegal "
                                     f"character sequence '\\{escaped}' in string literal.")
                    value.append(_ESCAPES[escaped])
                    like.append(re.escape(_ESCAPES[escaped]))
                    i += 2
                    continue
                value.append(ch)
                like.append({"%": ".*", "_": "."}.get(ch) or re.escape(ch))
                i += 1
            tokens.append(Token("string", "".join(value), start, "".join(like)))
        elif ch in "(),":
            tokens.append(Token(ch, ch, i))
            i += 1
        elif ch.isdigit() or (ch in "+-" and i + 1 < n and soql[i + 1].isdigit()):
            for kind, pattern in (("datetime", _DATETIME), ("date", _DATE), ("number", _NUMBER)):
                match = pattern.match(soql, i)
                if match:
                    tokens.append(Token(kind, _literal(kind, match.group(), soql, i), i))
                    i = match.end()
                    break
            else:
                raise error_at(soql, i, "MALFORMED_QUERY", f"unexpected token: '{ch}'")
        elif match := _IDENT.match(soql, i):
            word = match.group()
            upper = word.upper()
            kind = "keyword" if upper in _KEYWORDS else "ident"
            tokens.append(Token(kind, upper if kind == "keyword" else word, i))
            i = match.end()
        else:
            for op in _OPERATORS:
                if soql.startswith(op, i):
                    tokens.append(Token("op", "!=" if op == "<>" else op, i))
                    i += len(op)
                    break
            else:
                raise error_at(soql, i, "MALFORMED_QUERY", f"unexpected token: '{ch}'")
    tokens.append(Token("eof", "<EOF>", n))
    return tokens


def _literal(kind: str, text: str, soql: str, pos: int) -> Any:
    try:
        if kind == "datetime":
            return datetime.fromisoformat(text).astimezone(UTC)
        if kind == "date":
            return date.fromisoformat(text)
    except ValueError:
        raise error_at(soql, pos, "MALFORMED_QUERY", f"line 1:{pos} no viable alternative at "
                     f"character '{text}'") from None
    return float(text) if "." in text else int(text)


class _Parser:
    def __init__(self, soql: str) -> None:
        self.soql = soql
        self.tokens = tokenize(soql)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def fail(self, token: Token | None = None) -> SoqlError:
        token = token or self.tok
        shown = "<EOF>" if token.kind == "eof" else self.soql[token.pos:].split(None, 1)[0]
        return error_at(self.soql, token.pos, "MALFORMED_QUERY", f"unexpected token: {shown}")

    def take(self, kind: str, value: str | None = None) -> Token:
        token = self.tok
        if token.kind != kind or (value is not None and token.value != value):
            raise self.fail()
        self.i += 1
        return token

    def accept(self, kind: str, value: str | None = None) -> Token | None:
        token = self.tok
        if token.kind == kind and (value is None or token.value == value):
            self.i += 1
            return token
        return None

    def parse(self) -> Query:
        self.take("keyword", "SELECT")
        fields: list[tuple[str, int]] = []
        count = False
        if self.tok.kind == "ident" and self.tok.value.upper() == "COUNT" and \
                self.tokens[self.i + 1].kind == "(":
            self.i += 1
            self.take("(")
            self.take(")")
            count = True
        else:
            while True:
                token = self.take("ident")
                fields.append((token.value, token.pos))
                if not self.accept(","):
                    break
        self.take("keyword", "FROM")
        sobject = self.take("ident")
        query = Query(fields, sobject.value, sobject.pos, count=count)
        if self.accept("keyword", "WHERE"):
            query.where = self.condition()
        if self.accept("keyword", "ORDER"):
            self.take("keyword", "BY")
            while True:
                token = self.take("ident")
                desc = bool(self.accept("keyword", "DESC"))
                if not desc:
                    self.accept("keyword", "ASC")
                nulls_last = desc  # SOQL's default: nulls first ascending, last descending
                if self.accept("keyword", "NULLS"):
                    nulls_last = self.accept("keyword", "LAST") is not None
                    if not nulls_last:
                        self.take("keyword", "FIRST")
                query.order.append((token.value, token.pos, desc, nulls_last))
                if not self.accept(","):
                    break
        if self.accept("keyword", "LIMIT"):
            query.limit = self._count()
        if self.accept("keyword", "OFFSET"):
            query.offset = self._count()
        if self.tok.kind != "eof":
            raise self.fail()
        return query

    def _count(self) -> int:
        token = self.take("number")
        if not isinstance(token.value, int) or token.value < 0:
            raise self.fail(token)
        return token.value

    def condition(self) -> tuple:
        """AND and OR chains; mixing them at one level is malformed, as in SOQL."""
        parts = [self.unary()]
        joiner = None
        while self.tok.kind == "keyword" and self.tok.value in ("AND", "OR"):
            if joiner and self.tok.value != joiner:
                raise self.fail()
            joiner = self.tok.value
            self.i += 1
            parts.append(self.unary())
        return parts[0] if joiner is None else (joiner.lower(), parts)

    def unary(self) -> tuple:
        if self.accept("keyword", "NOT"):
            return ("not", self.unary())
        if self.accept("("):
            inner = self.condition()
            self.take(")")
            return inner
        name = self.take("ident")
        if self.accept("keyword", "LIKE"):
            token = self.take("string")
            return ("like", name.value, name.pos, token)
        negate = False
        if self.tok.kind == "keyword" and self.tok.value == "NOT" and \
                self.tokens[self.i + 1].value == "IN":
            self.i += 1
            negate = True
        if self.accept("keyword", "IN"):
            self.take("(")
            values = [self.value()]
            while self.accept(","):
                values.append(self.value())
            self.take(")")
            return ("in", name.value, name.pos, negate, values)
        op = self.take("op")
        return ("cmp", name.value, name.pos, op.value, self.value())

    def value(self) -> Token:
        token = self.tok
        if token.kind in ("string", "number", "date", "datetime") or (
                token.kind == "keyword" and token.value in ("TRUE", "FALSE", "NULL")):
            self.i += 1
            return token
        raise self.fail()


def parse(soql: str) -> Query:
    """Parse a statement or raise SoqlError(MALFORMED_QUERY)."""
    return _Parser(soql).parse()


# ---- evaluation against rows -------------------------------------------------------------

Resolver = Callable[[str, int], tuple[str, str]]  # (name as written, pos) -> (canonical, kind)


def _parse_stored(kind: str, value: Any) -> Any:
    """Stored rows hold JSON values; compare dates and datetimes as such."""
    if value is None:
        return None
    if kind == "datetime":
        return datetime.fromisoformat(value).astimezone(UTC)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "string":
        return str(value).casefold()
    if kind == "id":
        return str(value)[:15]
    return value


def _coerce(soql: str, name: str, pos: int, kind: str, token: Token) -> Any:
    """The literal's value, or the real API's complaint when its type doesn't fit the field."""
    if token.kind == "keyword" and token.value == "NULL":
        return None
    expected = {"string": "string", "id": "string", "boolean": "boolean", "number": "double",
                "date": "date", "datetime": "dateTime"}[kind]
    quoted = "be enclosed in quotes" if expected == "string" else "not be enclosed in quotes"
    wrong = error_at(soql, token.pos, "INVALID_QUERY_FILTER_OPERATOR",
                   f"value of filter criterion for field '{name}' must be of type {expected} "
                   f"and should {quoted}")
    if kind in ("string", "id"):
        if token.kind != "string":
            raise wrong
        if kind == "id":
            if not _ID.fullmatch(token.value):
                raise error_at(soql, token.pos, "INVALID_QUERY_FILTER_OPERATOR",
                             f"invalid ID field: {token.value}")
            return token.value[:15]
        return token.value.casefold()
    if kind == "boolean":
        if token.kind != "keyword":
            raise wrong
        return token.value == "TRUE"
    if kind != token.kind:
        raise wrong
    return token.value


def compile_where(query: Query, soql: str, resolve: Resolver) -> Callable[[Mapping], bool]:
    """Turn the WHERE tree into a predicate over stored rows, type-checking every literal."""

    def build(node: tuple) -> Callable[[Mapping], bool]:
        op = node[0]
        if op in ("and", "or"):
            parts = [build(part) for part in node[1]]
            combine = all if op == "and" else any
            return lambda row: combine(part(row) for part in parts)
        if op == "not":
            inner = build(node[1])
            return lambda row: not inner(row)
        canonical, kind = resolve(node[1], node[2])
        if op == "like":
            if kind != "string":
                raise error_at(soql, node[2], "INVALID_QUERY_FILTER_OPERATOR",
                             f"invalid operator on {kind} field: LIKE")
            regex = re.compile(node[3].like, re.IGNORECASE | re.DOTALL)
            return lambda row: row.get(canonical) is not None and bool(
                regex.fullmatch(str(row[canonical])))
        if op == "in":
            values = {_coerce(soql, node[1], node[2], kind, token) for token in node[4]}
            negate = node[3]
            return lambda row: (_parse_stored(kind, row.get(canonical)) in values) != negate
        comparator, literal = node[3], _coerce(soql, node[1], node[2], kind, node[4])
        if comparator in ("=", "!="):
            equal = comparator == "="
            return lambda row: (_parse_stored(kind, row.get(canonical)) == literal) == equal
        if literal is None:
            raise error_at(soql, node[4].pos, "MALFORMED_QUERY",
                         f"invalid operator on null: {comparator}")

        def ordered(row: Mapping) -> bool:
            value = _parse_stored(kind, row.get(canonical))
            if value is None:
                return False
            return {"<": value < literal, "<=": value <= literal, ">": value > literal,
                    ">=": value >= literal}[comparator]

        return ordered

    if query.where is None:
        return lambda row: True
    return build(query.where)


def run(query: Query, soql: str, rows: Iterable[Mapping], resolve: Resolver) -> list[Mapping]:
    """Filter, sort, offset and limit rows as the statement says."""
    predicate = compile_where(query, soql, resolve)
    matched = [row for row in rows if predicate(row)]
    for name, pos, desc, nulls_last in reversed(query.order):
        canonical, kind = resolve(name, pos)
        present = [row for row in matched if row.get(canonical) is not None]
        missing = [row for row in matched if row.get(canonical) is None]
        present.sort(key=lambda row, c=canonical, k=kind: _parse_stored(k, row[c]), reverse=desc)
        matched = present + missing if nulls_last else missing + present
    matched = matched[query.offset:]
    return matched if query.limit is None else matched[:query.limit]

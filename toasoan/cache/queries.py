"""Queries compiled once per database connection, run again with new values.

Building a queryset and compiling it to SQL (joins, subqueries, ordering) costs the ORM many
times what SQLite takes to run it; a query a page runs on every render, the same but for a few
values (an article's id, its section, its time), need not pay that every time. `rows()` builds
the query once with stand-in values, finds them among the compiled parameters, and from then on
runs the same SQL with the real values prepared as the ORM prepares them, and the same column
converters (dates). Anything unforeseen (a stand-in not found, or found changed) runs the ORM's
own query instead, every time: the answer is the same either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connections

logger = logging.getLogger(__name__)
_ATTRIBUTE = "_toasoan_compiled_queries"
_MARK = "toasoan-stand-in"


def _same(connection, value):
    return value


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a query: how the ORM prepares it for the database (`prepare`)."""

    kind: str  # "int", "text", "datetime"
    prepare: Callable = field(default=_same)


def like_prefix(connection, value: str) -> str:
    """A `__startswith` value, as the ORM passes it to `LIKE`."""
    return connection.ops.prep_for_like_query(value) + "%"


def field_value(model_field) -> Callable:
    """A value compared with `model_field`, as the ORM prepares it (dates: the backend's form)."""
    return lambda connection, value: model_field.get_db_prep_value(value, connection)


def _stand_in(kind: str, index: int):
    if kind == "int":
        return 987_654_000 + index
    if kind == "text":
        return f"{_MARK}-{index}"
    return datetime(1901, 2, 3, 4, 5, index, tzinfo=UTC)


def _looks_like_stand_in(param) -> bool:
    text = str(param)
    return _MARK in text or "98765" in text or "1901-02-03" in text


def _compile(connection, build: Callable, values: Sequence[Value]):
    stand_ins = [_stand_in(value.kind, index) for index, value in enumerate(values)]
    built = build(*stand_ins)
    compiler = None
    sqls, params = [], []
    for queryset in built if isinstance(built, tuple) else (built,):
        part_compiler = queryset.query.get_compiler(connection=connection)
        sql, part_params = part_compiler.as_sql()
        compiler = compiler or part_compiler  # the parts' columns are the same: its converters serve all
        sqls.append(sql)
        params.extend(part_params)
    if len(sqls) == 1:
        sql = sqls[0]
    else:  # in FROM, each part keeps its own ORDER BY and LIMIT (SQLite allows them nowhere else)
        # The parts are the ORM's own compiled SQL; every value stays a parameter.
        parts = (f"SELECT * FROM ({part}) AS part_{number}" for number, part in enumerate(sqls))  # noqa: S608
        sql = " UNION ALL ".join(parts)
    expected = {
        value.prepare(connection, stand_in): index
        for index, (value, stand_in) in enumerate(zip(values, stand_ins, strict=True))
    }
    plan: list[tuple[bool, object]] = []  # (is a value's index, the index or the constant)
    for param in params:
        try:
            index = expected.get(param) if not isinstance(param, bool) else None
        except TypeError:  # unhashable: a constant of the query
            index = None
        if index is None:
            if _looks_like_stand_in(param):
                return None  # prepared in a way not foreseen
            plan.append((False, param))
        else:
            plan.append((True, index))
    if {index for is_value, index in plan if is_value} != set(range(len(values))):
        return None
    converters = compiler.get_converters([column for column, _, _ in compiler.select])
    return sql, tuple(plan), compiler, converters


def rows(
    name: str, build: Callable, values: Sequence[Value], actual: Sequence, *, using: str = "default"
) -> list[tuple]:
    """The rows of `build(*actual)` (a `values_list()` queryset, sliced or not), as tuples.

    `build` may also return a tuple of such querysets with the same columns: their rows, in one
    query (UNION ALL), in no promised order.
    `name` names the query: the same name must always build the same query from its values.
    """
    connection = connections[using]
    known = connection.__dict__.setdefault(_ATTRIBUTE, {})
    if name not in known:
        try:
            known[name] = _compile(connection, build, values)
        except Exception:  # never worse than the ORM
            logger.exception("queries: %s could not be compiled once; the ORM runs it", name)
            known[name] = None
    compiled = known[name]
    if compiled is None:
        built = build(*actual)
        return [
            tuple(row) for queryset in (built if isinstance(built, tuple) else (built,)) for row in queryset
        ]
    sql, plan, compiler, converters = compiled
    params = [values[item].prepare(connection, actual[item]) if is_value else item for is_value, item in plan]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if converters:
        return [tuple(row) for row in compiler.apply_converters(found, converters)]
    return [tuple(row) for row in found]


def instances(
    name: str, build: Callable, values: Sequence[Value], actual: Sequence, *, using: str = "default"
) -> list:
    """The model instances of `build(*actual)` (a queryset of a model, its `select_related`
    relations joined), as the ORM makes them, from SQL compiled once per connection.

    For a query that runs on every page served (the page's own row): compiling its joins costs
    the ORM ten times what the database takes to answer. The instances are built by the ORM's
    own pieces (`from_db`, its populators for the joined relations, its annotations' columns),
    from the columns the compiler chose; anything it does not foresee (extra selects, peers
    fetched together, prefetches, known related objects) runs the ORM's own query instead,
    every time.
    """
    from django.db.models.query import _get_from_db, get_related_populators

    connection = connections[using]
    known = connection.__dict__.setdefault(_ATTRIBUTE, {})
    if name not in known:
        try:
            compiled = _compile(connection, build, values)
            if compiled is not None:
                compiler = compiled[2]
                built = build(*actual)
                fetch_mode = built._fetch_mode
                if (
                    compiler.klass_info is None
                    or fetch_mode.track_peers
                    or compiler.query.extra_select
                    or built._prefetch_related_lookups
                    or built._known_related_objects
                ):
                    compiled = None
                else:
                    compiled = (*compiled, fetch_mode, dict(compiler.annotation_col_map or {}))
            known[name] = compiled
        except Exception:  # never worse than the ORM
            logger.exception("queries: %s could not be compiled once; the ORM runs it", name)
            known[name] = None
    compiled = known[name]
    if compiled is None:
        return list(build(*actual))
    sql, plan, compiler, converters, fetch_mode, annotations = compiled
    params = [values[item].prepare(connection, actual[item]) if is_value else item for is_value, item in plan]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if converters:
        found = list(compiler.apply_converters(found, converters))
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    from_db = _get_from_db(klass_info["model"], fetch_mode)
    populators = get_related_populators(klass_info, select, connection.alias, fetch_mode)
    made = []
    for row in found:
        instance = from_db(connection.alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in annotations.items():
            setattr(instance, name, row[position])
        made.append(instance)
    return made

"""Offline validation of the LookML project in `looker/`: what Looker's own validator would say,
as far as that can be told without a Looker server.

`looker_errors(project_dir)` parses every `.lkml` file with `lkml` and every
`.dashboard.lookml` file as YAML, then checks that

- constants (`@{name}`) are declared in the manifest; the model's includes match files and
  every view file is included; datagroups, access grants and `persist_with` exist;
- each view has exactly one primary key, a type, label and description on every field, and no
  name twice; `${TABLE}.column` names a column of the view's table in
  `schemas/bigquery/<table>.json` (or an output column of its derived table); every column of
  that table has a field; `${field}`, `${view.field}` and Liquid references
  (`{% condition %}`, `{% date_start %}`, `view.field._is_filtered`) resolve to a declared
  dimension, measure, filter or dimension-group timeframe (`${start_time_date}` needs
  `date` in `start_time`'s timeframes); measure `filters`, sets and drill fields resolve;
  aggregate measures do not aggregate measures; `type: count` has no `sql`;
- derived tables read real tables and columns (`alias.column` after
  `` `@{project}.@{dataset}.table` AS alias ``), their partition and cluster keys are output
  columns, `increment_key` is a field and the SQL has `{% incrementcondition %}`;
- explores start from a table-backed view; joins name views, have a relationship and join SQL
  whose references name views of the explore; a view's fields reference only views the
  explore has; explores over a partitioned table filter on its partition column
  (`always_filter`, `conditionally_filter` or `sql_always_where`); aggregate tables name
  dimensions, measures and filters of the explore and are materialized by a datagroup;
- dashboards have a title, layout and the global filters; filters name fields of their
  explore; every query element names an existing explore of the model, and its fields,
  sorts, pivots, filters, fill fields and table calculations name fields of that explore; its
  `listen` maps every global filter to a field of that explore (a date filter to a timeframe);
  and no element filter sits on a field a dashboard filter would override.

Each problem is one line, "<file>: <what>". Checks on SQL are lexical: bare column names
(without a table alias) and the SQL's meaning are left to BigQuery.
"""

import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lkml
import yaml

REPO = Path(__file__).parents[1]
LOOKER_DIR = REPO / "looker"
SCHEMAS_DIR = REPO / "schemas" / "bigquery"
GLOBAL_FILTERS = ("date_range", "qualification_tier", "sentiment", "industry", "agent_version")

DIMENSION_TYPES = {
    "string", "number", "yesno", "tier", "date", "date_time", "time", "zipcode", "location",
    "distance", "bin", "duration", "unquoted",
}
MEASURE_TYPES = {
    "count", "count_distinct", "sum", "sum_distinct", "average", "average_distinct", "min",
    "max", "median", "median_distinct", "percentile", "percentile_distinct", "list", "number",
    "string", "yesno", "date", "running_total", "percent_of_total", "percent_of_previous",
    "period_over_period",
}
AGGREGATE_MEASURE_TYPES = {
    "count", "count_distinct", "sum", "sum_distinct", "average", "average_distinct", "min",
    "max", "median", "median_distinct", "percentile", "percentile_distinct", "list",
}
FILTER_TYPES = {"string", "number", "yesno", "date", "date_time", "tier", "zipcode"}
RELATIONSHIPS = {"many_to_one", "one_to_one", "one_to_many", "many_to_many"}
NON_QUERY_ELEMENTS = {"text", "button", "extension"}
SQL_TYPES = {
    "STRING", "INT64", "FLOAT64", "BOOL", "TIMESTAMP", "DATE", "DATETIME", "TIME", "NUMERIC",
    "BIGNUMERIC", "JSON", "BYTES",
}
LIQUID_FIELD_TAG = re.compile(r"\{%\s*(?:condition|date_start|date_end|parameter)\s+([\w.]+)\s*%\}")
LIQUID_FIELD_VAR = re.compile(
    r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\._(?:is_filtered|is_selected|in_query|value|"
    r"rendered_value|parameter_value|sql)\b"
)
REF = re.compile(r"\$\{([^}]*)\}")
TABLE_COLUMN = re.compile(r"\$\{TABLE\}\.(\w+)")
CONSTANT = re.compile(r"@\{(\w+)\}")
WAREHOUSE_TABLE = re.compile(r"^`@\{project\}\.@\{dataset\}\.(\w+)`$")
SQL_TABLE_ALIAS = re.compile(
    r"`@\{project\}\.@\{dataset\}\.(\w+)`(?:\s+AS)?\s+(?!(?:WHERE|ON|JOIN|LEFT|RIGHT|INNER|"
    r"CROSS|FULL|GROUP|ORDER|LIMIT|QUALIFY|UNION|WINDOW|HAVING)\b)([A-Za-z_]\w*)",
    re.IGNORECASE,
)
SQL_QUALIFIED = re.compile(r"(?<![\w.$}])([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b")
SQL_ALIAS = re.compile(r"\bAS\s+([A-Za-z_]\w*)", re.IGNORECASE)


@dataclass
class Field:
    view: str
    name: str  # the declared name (a dimension group's own name)
    kind: str  # dimension, dimension_group, measure, filter, parameter
    spec: dict[str, Any]

    @property
    def type(self) -> str:
        return self.spec.get("type", "string")


@dataclass
class View:
    name: str
    file: str
    spec: dict[str, Any]
    declared: list[Field] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)  # queryable name -> field
    table: str | None = None  # the warehouse table it reads
    columns: set[str] | None = None  # what ${TABLE}.x may name; None: no table (an UNNEST)
    partition_column: str | None = None

    @property
    def is_nested(self) -> bool:
        """A view over an UNNEST in a join's `sql`, with no table of its own."""
        return "sql_table_name" not in self.spec and "derived_table" not in self.spec


@dataclass
class Project:
    dir: Path
    errors: list[str] = field(default_factory=list)
    constants: set[str] = field(default_factory=set)
    model_name: str = ""
    model: dict[str, Any] = field(default_factory=dict)
    model_file: str = ""
    views: dict[str, View] = field(default_factory=dict)
    explores: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # explore -> alias -> view
    dashboards: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")


# --- Entry point -------------------------------------------------------------------------------


def looker_errors(project_dir: Path = LOOKER_DIR, schemas_dir: Path = SCHEMAS_DIR) -> list[str]:
    """Every problem found in the LookML project at `project_dir`, one line each."""
    project = Project(dir=project_dir, tables=_warehouse_tables(schemas_dir))
    parsed = _parse_lookml(project)
    _check_constants(project)
    _load_manifest(project, parsed)
    _load_model(project, parsed)
    _load_views(project, parsed)
    _check_includes(project)
    _check_model_objects(project)
    for view in project.views.values():
        _check_view(project, view)
    _check_tables_have_views(project)
    for name, explore in project.explores.items():
        _check_explore(project, name, explore)
    _load_dashboards(project)
    for file, dashboard in project.dashboards:
        _check_dashboard(project, file, dashboard)
    return sorted(set(project.errors))


# --- Loading -----------------------------------------------------------------------------------


def _warehouse_tables(schemas_dir: Path) -> dict[str, dict[str, Any]]:
    tables = {}
    for path in sorted(schemas_dir.glob("*.json")):
        resource = json.loads(path.read_text(encoding="utf-8"))
        tables[resource["tableReference"]["tableId"]] = {
            "columns": {f["name"] for f in resource["schema"]["fields"]},
            "partition": resource.get("timePartitioning", {}).get("field"),
        }
    return tables


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.dir).as_posix()


def _parse_lookml(project: Project) -> dict[str, dict[str, Any]]:
    parsed = {}
    for path in sorted(project.dir.rglob("*.lkml")):
        try:
            parsed[_rel(project, path)] = lkml.load(path.read_text(encoding="utf-8"))
        except SyntaxError as exc:
            project.error(_rel(project, path), f"does not parse as LookML: {exc}")
    return parsed


def _check_constants(project: Project) -> None:
    manifest = project.dir / "manifest.lkml"
    if manifest.exists():
        try:
            project.constants = {c["name"] for c in
                                 lkml.load(manifest.read_text(encoding="utf-8"))
                                 .get("constants", [])}
        except SyntaxError:
            return
    for path in sorted(project.dir.rglob("*")):
        if path.suffix not in {".lkml", ".lookml"}:
            continue
        for name in CONSTANT.findall(path.read_text(encoding="utf-8")):
            if name not in project.constants:
                project.error(_rel(project, path), f"@{{{name}}} is not a manifest constant")


def _load_manifest(project: Project, parsed: dict[str, dict[str, Any]]) -> None:
    manifest = parsed.get("manifest.lkml")
    if manifest is None:
        project.error("manifest.lkml", "missing")
    elif not manifest.get("project_name"):
        project.error("manifest.lkml", "no project_name")


def _load_model(project: Project, parsed: dict[str, dict[str, Any]]) -> None:
    models = [name for name in parsed if name.endswith(".model.lkml")]
    if len(models) != 1:
        project.error(".", f"expected one model file, found {models}")
        if not models:
            return
    project.model_file = models[0]
    project.model_name = Path(models[0]).name.removesuffix(".model.lkml")
    project.model = parsed[models[0]]
    for explore in project.model.get("explores", []):
        if explore["name"] in project.explores:
            project.error(project.model_file, f"explore {explore['name']} declared twice")
        project.explores[explore["name"]] = explore


def _load_views(project: Project, parsed: dict[str, dict[str, Any]]) -> None:
    for file, content in parsed.items():
        for spec in content.get("views", []):
            if not file.endswith(".view.lkml"):
                project.error(file, f"view {spec['name']} outside a .view.lkml file")
            if spec["name"] in project.views:
                project.error(file, f"view {spec['name']} declared twice")
            project.views[spec["name"]] = _view(project, file, spec)


def _view(project: Project, file: str, spec: dict[str, Any]) -> View:
    view = View(name=spec["name"], file=file, spec=spec)
    for kind in ("dimension", "dimension_group", "measure", "filter", "parameter"):
        for item in spec.get(f"{kind}s", []):
            declared = Field(view.name, item["name"], kind, item)
            view.declared.append(declared)
            for name in _queryable_names(declared):
                if name in view.fields:
                    project.error(file, f"view {view.name}: field {name} declared twice")
                view.fields[name] = declared
    if "sql_table_name" in spec:
        view.columns = set()  # until the table is known; its error is reported once, here
        match = WAREHOUSE_TABLE.match(spec["sql_table_name"].strip())
        if not match:
            project.error(file, f"view {view.name}: sql_table_name should be "
                                "`@{project}.@{dataset}.<table>`")
        elif match.group(1) not in project.tables:
            project.error(file, f"view {view.name}: no table {match.group(1)} in schemas")
        else:
            view.table = match.group(1)
            view.columns = project.tables[view.table]["columns"]
            view.partition_column = project.tables[view.table]["partition"]
    elif "derived_table" in spec:
        sql = spec["derived_table"].get("sql", "")
        view.columns = {a for a in SQL_ALIAS.findall(_strip_sql(sql)) if a.upper() not in SQL_TYPES}
        keys = spec["derived_table"].get("partition_keys", [])
        view.partition_column = keys[0] if keys else None
    return view


def _queryable_names(item: Field) -> list[str]:
    if item.kind != "dimension_group":
        return [item.name]
    if item.type == "duration":
        intervals = item.spec.get("intervals", ["day", "hour", "minute", "second"])
        return [f"{interval}s_{item.name}" for interval in intervals]
    return [f"{item.name}_{timeframe}" for timeframe in item.spec.get("timeframes", [])]


def _load_dashboards(project: Project) -> None:
    for path in sorted(project.dir.rglob("*.dashboard.lookml")):
        file = _rel(project, path)
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            project.error(file, f"does not parse as YAML: {exc}")
            continue
        if not isinstance(content, list) or not all(isinstance(d, dict) for d in content):
            project.error(file, "should be a YAML list of dashboards")
            continue
        project.dashboards += [(file, dashboard) for dashboard in content]


# --- Model -------------------------------------------------------------------------------------


def _check_includes(project: Project) -> None:
    files = [_rel(project, p) for p in sorted(project.dir.rglob("*"))
             if p.name.endswith((".lkml", ".lookml"))]
    included: set[str] = set()
    for pattern in project.model.get("includes", []):
        matched = fnmatch.filter(files, pattern.lstrip("/"))
        if not matched:
            project.error(project.model_file, f"include {pattern} matches no file")
        included.update(matched)
    for file in files:
        wanted = file.endswith((".view.lkml", ".dashboard.lookml"))
        if wanted and file not in included:
            project.error(file, f"not included by {project.model_file}")


def _check_model_objects(project: Project) -> None:
    model, file = project.model, project.model_file
    if not model:
        return
    if not model.get("connection"):
        project.error(file, "no connection")
    datagroups = {d["name"]: d for d in model.get("datagroups", [])}
    for name, group in datagroups.items():
        if not (group.get("sql_trigger") or group.get("interval_trigger")):
            project.error(file, f"datagroup {name} has no sql_trigger or interval_trigger")
        if not group.get("max_cache_age"):
            project.error(file, f"datagroup {name} has no max_cache_age")
        _check_sql_tables(project, file, f"datagroup {name}", group.get("sql_trigger", ""))
    persist = model.get("persist_with")
    if persist and persist not in datagroups:
        project.error(file, f"persist_with {persist} is not a datagroup")


def _datagroups(project: Project) -> set[str]:
    return {d["name"] for d in project.model.get("datagroups", [])}


def _access_grants(project: Project) -> set[str]:
    return {g["name"] for g in project.model.get("access_grants", [])}


# --- Views -------------------------------------------------------------------------------------


def _check_view(project: Project, view: View) -> None:
    where = view.file
    primary_keys = [f.name for f in view.declared if f.spec.get("primary_key") == "yes"]
    if len(primary_keys) != 1:
        project.error(where, f"view {view.name}: {len(primary_keys)} primary keys "
                             f"{primary_keys}, expected exactly one primary key")
    for item in view.declared:
        _check_field(project, view, item)
    if view.table:
        used = {c for item in view.declared for c in TABLE_COLUMN.findall(_sql_text(item.spec))}
        for column in sorted(view.columns - used):
            project.error(where, f"view {view.name}: column {view.table}.{column} has no field")
    if "derived_table" in view.spec:
        _check_derived_table(project, view)
    for item in view.spec.get("sets", []):
        for entry in item.get("fields", []):
            _check_field_list_entry(project, view, f"set {item['name']}", entry)


def _check_field(project: Project, view: View, item: Field) -> None:
    where = f"{view.file}"
    label = f"view {view.name}: {item.kind} {item.name}"
    spec = item.spec
    for key in ("type", "label", "description"):
        if item.kind != "parameter" and key not in spec:
            project.error(where, f"{label} has no {key}")
    if item.kind == "dimension" and item.type not in DIMENSION_TYPES:
        project.error(where, f"{label}: unknown dimension type {item.type}")
    if item.kind == "measure" and item.type not in MEASURE_TYPES:
        project.error(where, f"{label}: unknown measure type {item.type}")
    if item.kind == "filter" and item.type not in FILTER_TYPES:
        project.error(where, f"{label}: unknown filter type {item.type}")
    if item.kind == "dimension_group":
        if item.type not in {"time", "duration"}:
            project.error(where, f"{label}: dimension_group type must be time or duration")
        if item.type == "time" and not spec.get("timeframes"):
            project.error(where, f"{label}: list its timeframes")
    if item.type == "percentile" and "percentile" not in spec:
        project.error(where, f"{label}: type percentile needs percentile:")
    if item.type == "tier" and "tiers" not in spec:
        project.error(where, f"{label}: type tier needs tiers:")
    if item.kind == "measure" and item.type == "count" and "sql" in spec:
        project.error(where, f"{label}: type count takes no sql (use count_distinct)")
    if item.kind in {"dimension", "dimension_group"} and "sql" not in spec:
        project.error(where, f"{label} has no sql")
    for grant in spec.get("required_access_grants", []):
        if grant not in _access_grants(project):
            project.error(where, f"{label}: access grant {grant} is not declared")
    text = _sql_text(spec)
    table_known = view.table is not None or "sql_table_name" not in view.spec
    for column in TABLE_COLUMN.findall(text) if table_known else []:
        if view.columns is None:
            project.error(where, f"{label}: ${{TABLE}}.{column} in a view with no table")
        elif column not in view.columns:
            table = view.table or "its derived table"
            project.error(where, f"{label}: ${{TABLE}}.{column} is not a column of {table}")
    for ref in _field_refs(text):
        target = _resolve_in_view(project, view, ref)
        if target is None:
            project.error(where, f"{label}: ${{{ref}}} does not resolve")
        elif (item.kind == "measure" and item.type in AGGREGATE_MEASURE_TYPES
              and target.kind == "measure"):
            project.error(where, f"{label}: aggregate measure references measure {ref}")
    for ref in _liquid_refs(text):
        if _resolve_in_view(project, view, ref) is None:
            project.error(where, f"{label}: Liquid reference {ref} does not resolve")
    filters = _filter_keys(spec)
    if filters and item.kind == "measure" and item.type not in AGGREGATE_MEASURE_TYPES:
        project.error(where, f"{label}: filters work only on aggregate measures")
    for name in filters:
        if _resolve_in_view(project, view, name) is None:
            project.error(where, f"{label}: filter field {name} does not resolve")
    for entry in spec.get("drill_fields", []):
        _check_field_list_entry(project, view, f"{label} drill_fields", entry)
    if "suggest_explore" in spec and spec["suggest_explore"] not in project.explores:
        project.error(where, f"{label}: suggest_explore {spec['suggest_explore']} is no explore")
    if "suggest_dimension" in spec and _resolve_in_view(
            project, view, spec["suggest_dimension"]) is None:
        project.error(where, f"{label}: suggest_dimension {spec['suggest_dimension']} "
                             "does not resolve")


def _check_field_list_entry(project: Project, view: View, label: str, entry: str) -> None:
    name = entry.lstrip("-")
    if name == "ALL_FIELDS*":
        return
    if name.endswith("*"):
        owner, _, set_name = name[:-1].rpartition(".")
        target = project.views.get(owner) if owner else view
        if target is None or set_name not in {s["name"] for s in target.spec.get("sets", [])}:
            project.error(view.file, f"view {view.name}: {label}: no set {name}")
    elif _resolve_in_view(project, view, name) is None:
        project.error(view.file, f"view {view.name}: {label}: {name} does not resolve")


def _check_derived_table(project: Project, view: View) -> None:
    table, where = view.spec["derived_table"], view.file
    label = f"view {view.name} derived_table"
    sql = table.get("sql", "")
    if not sql and "explore_source" not in table:
        project.error(where, f"{label} has no sql or explore_source")
    _check_sql_tables(project, where, label, sql)
    for ref in _field_refs(sql):
        owner, _, name = ref.partition(".")
        if name != "SQL_TABLE_NAME" or owner not in project.views:
            project.error(where, f"{label}: ${{{ref}}} should be ${{<view>.SQL_TABLE_NAME}}")
    for key in ("partition_keys", "cluster_keys"):
        for column in table.get(key, []):
            if column not in (view.columns or set()):
                project.error(where, f"{label}: {key} {column} is not an output column")
    trigger = table.get("datagroup_trigger")
    if trigger and trigger not in _datagroups(project):
        project.error(where, f"{label}: datagroup_trigger {trigger} is not a datagroup")
    if "increment_key" in table:
        if table["increment_key"] not in view.fields:
            project.error(where, f"{label}: increment_key {table['increment_key']} is not "
                                 "a field of the view")
        if "{% incrementcondition %}" not in sql:
            project.error(where, f"{label}: incremental SQL needs {{% incrementcondition %}}")
        if not trigger:
            project.error(where, f"{label}: an incremental table needs a datagroup_trigger")


def _check_sql_tables(project: Project, where: str, label: str, sql: str) -> None:
    """`alias.column` in raw SQL names a column of the warehouse table behind `alias`."""
    text = _strip_sql(sql)
    aliases = {}
    for table, alias in SQL_TABLE_ALIAS.findall(text):
        if table not in project.tables:
            project.error(where, f"{label}: no table {table} in schemas")
        else:
            aliases[alias] = table
    for alias, column in SQL_QUALIFIED.findall(text):
        table = aliases.get(alias)
        if table and column not in project.tables[table]["columns"]:
            project.error(where, f"{label}: {alias}.{column} is not a column of {table}")


def _check_tables_have_views(project: Project) -> None:
    read = {view.table for view in project.views.values()}
    for table in sorted(set(project.tables) - read):
        project.error("views", f"no view reads table {table}")


# --- Explores ----------------------------------------------------------------------------------


def _check_explore(project: Project, name: str, explore: dict[str, Any]) -> None:
    where, label = project.model_file, f"explore {name}"
    base = explore.get("view_name") or explore.get("from") or name
    aliases = {name: base}
    if base not in project.views:
        project.error(where, f"{label}: no view {base}")
        return
    if project.views[base].is_nested:
        project.error(where, f"{label}: base view {base} has no table")
    joins = explore.get("joins", [])
    for join in joins:
        view_name = join.get("from") or join["name"]
        if view_name not in project.views:
            project.error(where, f"{label}: join {join['name']}: no view {view_name}")
            continue
        aliases[join["name"]] = view_name
    project.aliases[name] = aliases
    for join in joins:
        _check_join(project, name, join, aliases)
    for grant in explore.get("required_access_grants", []):
        if grant not in _access_grants(project):
            project.error(where, f"{label}: access grant {grant} is not declared")
    if explore.get("persist_with") and explore["persist_with"] not in _datagroups(project):
        project.error(where, f"{label}: persist_with {explore['persist_with']} is no datagroup")
    excluded = _check_explore_fields(project, name, explore)
    _check_cross_view_refs(project, name, aliases, excluded)
    always = _filter_keys(explore.get("always_filter", {}))
    conditional = explore.get("conditionally_filter", {})
    for key in [*always, *_filter_keys(conditional), *conditional.get("unless", [])]:
        if _explore_field(project, name, key) is None:
            project.error(where, f"{label}: filter field {key} is not in the explore")
    for key in ("sql_always_where", "sql_always_having"):
        _check_explore_sql(project, name, key, explore.get(key, ""))
    _check_partition_filter(project, name, explore, base,
                            [*always, *_filter_keys(conditional)])
    for table in explore.get("aggregate_tables", []):
        _check_aggregate_table(project, name, table)


def _check_join(project: Project, explore: str, join: dict[str, Any],
                aliases: dict[str, str]) -> None:
    where, label = project.model_file, f"explore {explore} join {join['name']}"
    view = project.views.get(aliases.get(join["name"], ""))
    if join.get("relationship") not in RELATIONSHIPS:
        project.error(where, f"{label}: relationship should be one of {sorted(RELATIONSHIPS)}")
    if not (join.get("sql_on") or join.get("sql") or join.get("foreign_key")):
        project.error(where, f"{label}: no sql_on, sql or foreign_key")
    if view is not None and view.is_nested and "sql" not in join:
        project.error(where, f"{label}: view {view.name} has no table; join it with sql: UNNEST")
    for required in join.get("required_joins", []):
        if required not in aliases:
            project.error(where, f"{label}: required join {required} is not in the explore")
    for grant in join.get("required_access_grants", []):
        if grant not in _access_grants(project):
            project.error(where, f"{label}: access grant {grant} is not declared")
    for key in ("sql_on", "sql", "sql_where"):
        _check_explore_sql(project, explore, f"join {join['name']} {key}", join.get(key, ""))


def _check_explore_sql(project: Project, explore: str, label: str, sql: str) -> None:
    where = project.model_file
    for ref in _field_refs(sql):
        if "." not in ref:
            project.error(where, f"explore {explore} {label}: ${{{ref}}} needs a view name")
        elif _explore_field(project, explore, ref) is None:
            project.error(where, f"explore {explore} {label}: ${{{ref}}} is not in the explore")
    for ref in _liquid_refs(sql):
        if _explore_field(project, explore, ref) is None:
            project.error(where, f"explore {explore} {label}: Liquid reference {ref} "
                                 "is not in the explore")


def _check_explore_fields(project: Project, explore: str, spec: dict[str, Any]) -> set[str]:
    """Checks the explore's `fields:` list; returns the fields it leaves out."""
    excluded = set()
    for entry in spec.get("fields", []):
        name = entry.lstrip("-")
        if name == "ALL_FIELDS*" or name.endswith("*"):
            continue
        if _explore_field(project, explore, name) is None:
            project.error(project.model_file, f"explore {explore} fields: {name} is not in "
                                              "the explore")
        if entry.startswith("-"):
            excluded.add(name)
    return excluded


def _check_cross_view_refs(project: Project, explore: str, aliases: dict[str, str],
                           excluded: set[str]) -> None:
    """A view's fields may reference other views only when the explore joins them."""
    for alias, view_name in aliases.items():
        view = project.views[view_name]
        for item in view.declared:
            if any(f"{alias}.{n}" in excluded for n in _queryable_names(item)):
                continue
            text = _sql_text(item.spec)
            for ref in [*_field_refs(text), *_liquid_refs(text)]:
                owner = ref.partition(".")[0] if "." in ref else None
                if owner and owner != "TABLE" and owner not in aliases:
                    project.error(project.model_file,
                                  f"explore {explore}: {alias}.{item.name} references {ref} "
                                  f"but the explore does not join {owner}")


def _check_partition_filter(project: Project, explore: str, spec: dict[str, Any], base: str,
                            filters: list[str]) -> None:
    view = project.views[base]
    column = view.partition_column
    if not column:
        return
    on_partition = {f"{base}.{name}" for item in view.declared
                    if re.search(rf"\$\{{TABLE\}}\.{column}\b", _sql_text(item.spec))
                    for name in _queryable_names(item)}
    where_sql = spec.get("sql_always_where", "")
    if not (on_partition & set(filters)
            or any(f"${{{name}}}" in where_sql for name in on_partition)):
        project.error(project.model_file,
                      f"explore {explore}: {base} is partitioned by {column}; require a filter "
                      "on it (always_filter, conditionally_filter or sql_always_where)")


def _check_aggregate_table(project: Project, explore: str, table: dict[str, Any]) -> None:
    where, label = project.model_file, f"explore {explore} aggregate_table {table['name']}"
    queries = table.get("queries", [])
    if len(queries) != 1:
        project.error(where, f"{label}: needs one query")
        return
    query = queries[0]
    for kind, names in (("dimension", query.get("dimensions", [])),
                        ("measure", query.get("measures", []))):
        for name in names:
            target = _explore_field(project, explore, name)
            if target is None:
                project.error(where, f"{label}: {name} is not in the explore")
            elif (target.kind == "measure") != (kind == "measure"):
                project.error(where, f"{label}: {name} is not a {kind}")
    for name in [*_filter_keys(query), *(s.split()[0] for s in query.get("sorts", []))]:
        if _explore_field(project, explore, name) is None:
            project.error(where, f"{label}: {name} is not in the explore")
    trigger = table.get("materialization", {}).get("datagroup_trigger")
    if trigger not in _datagroups(project):
        project.error(where, f"{label}: materialization needs a datagroup_trigger of the model")


# --- Dashboards --------------------------------------------------------------------------------


def _check_dashboard(project: Project, file: str, dashboard: dict[str, Any]) -> None:
    name = dashboard.get("dashboard")
    if name != Path(file).name.removesuffix(".dashboard.lookml"):
        project.error(file, f"dashboard {name} should be named after its file")
    for key in ("title", "layout", "elements", "filters"):
        if not dashboard.get(key):
            project.error(file, f"dashboard {name} has no {key}")
    filters = {f.get("name"): f for f in dashboard.get("filters") or []}
    for missing in [f for f in GLOBAL_FILTERS if f not in filters]:
        project.error(file, f"dashboard {name} lacks the global filter {missing}")
    for filter_name, spec in filters.items():
        _check_dashboard_filter(project, file, filter_name, spec, set(filters))
    elements = dashboard.get("elements") or []
    names = [e.get("name") for e in elements]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        project.error(file, f"element {duplicate} declared twice")
    for element in elements:
        _check_element(project, file, element, filters)


def _check_dashboard_filter(project: Project, file: str, name: str, spec: dict[str, Any],
                            names: set[str]) -> None:
    label = f"filter {name}"
    if not spec.get("title"):
        project.error(file, f"{label} has no title")
    for other in spec.get("listens_to_filters") or []:
        if other not in names:
            project.error(file, f"{label} listens to unknown filter {other}")
    if spec.get("type") != "field_filter":
        return
    if spec.get("model") != project.model_name:
        project.error(file, f"{label}: model should be {project.model_name}")
    if spec.get("explore") not in project.explores:
        project.error(file, f"{label}: no explore {spec.get('explore')}")
    elif _explore_field(project, spec["explore"], spec.get("field", "")) is None:
        project.error(file, f"{label}: {spec.get('field')} is not in explore {spec['explore']}")


def _check_element(project: Project, file: str, element: dict[str, Any],
                   filters: dict[str, dict[str, Any]]) -> None:
    label = f"element {element.get('name')}"
    for key in ("name", "title", "type"):
        if not element.get(key):
            project.error(file, f"{label} has no {key}")
    if element.get("type") in NON_QUERY_ELEMENTS:
        return
    if element.get("model") != project.model_name:
        project.error(file, f"{label}: model should be {project.model_name}")
    explore = element.get("explore")
    if explore not in project.explores:
        project.error(file, f"{label}: no explore {explore} in the model")
        return

    def check(name: str, what: str, extra: set[str] = frozenset()) -> None:
        if name not in extra and _explore_field(project, explore, name) is None:
            project.error(file, f"{label}: {what} {name} is not a field of explore {explore}")

    fields = element.get("fields") or []
    if not fields:
        project.error(file, f"{label} has no fields")
    calculations = {d.get("table_calculation") or d.get("measure") or d.get("dimension")
                    for d in element.get("dynamic_fields") or []}
    for name in fields:
        check(name, "field", calculations)
    for dynamic in element.get("dynamic_fields") or []:
        for ref in _field_refs(dynamic.get("expression", "")):
            if ref not in fields and ref not in calculations:
                project.error(file, f"{label}: table calculation {dynamic.get('table_calculation')}"
                                    f" uses {ref}, not a field of the element")
    for sort in element.get("sorts") or []:
        name = sort.split()[0]
        check(name, "sort", calculations)
        if name not in fields and name not in calculations:
            project.error(file, f"{label}: sort {name} is not among its fields")
    for key in ("pivots", "fill_fields", "hidden_fields"):
        for name in element.get(key) or []:
            check(name, key[:-1].replace("_", " "))
            if name not in fields:
                project.error(file, f"{label}: {key} {name} is not among its fields")
    for name in element.get("filters") or {}:
        check(name, "filter")
    listen = element.get("listen") or {}
    for filter_name, target in listen.items():
        if filter_name not in filters:
            project.error(file, f"{label} listens to unknown dashboard filter {filter_name}")
            continue
        check(target, f"listen {filter_name}:")
        if _is_timeframe(project, filters[filter_name]) and not _is_timeframe(
                project, {"explore": explore, "field": target}):
            project.error(file, f"{label}: date filter {filter_name} listens on {target}, "
                                "not a timeframe")
        if target in (element.get("filters") or {}):
            project.error(file, f"{label}: its filter on {target} is overridden by the "
                                f"dashboard filter {filter_name}")
    for missing in [f for f in GLOBAL_FILTERS if f not in listen]:
        project.error(file, f"{label} does not listen to the global filter {missing}")


def _is_timeframe(project: Project, spec: dict[str, Any]) -> bool:
    target = _explore_field(project, spec.get("explore", ""), spec.get("field", ""))
    return target is not None and target.kind == "dimension_group"


# --- References --------------------------------------------------------------------------------


def _sql_text(spec: dict[str, Any]) -> str:
    """The SQL-bearing parameters of a field, joined (sql, sql_start, html, ...)."""
    return "\n".join(str(v) for k, v in spec.items()
                     if k.startswith("sql") or k in {"html", "required_fields"})


def _field_refs(text: str) -> list[str]:
    """`${...}` references other than ${TABLE} and ${TABLE}.column."""
    return [ref for ref in REF.findall(text) if ref != "TABLE"]


def _liquid_refs(text: str) -> list[str]:
    refs = LIQUID_FIELD_TAG.findall(text) + LIQUID_FIELD_VAR.findall(text)
    return [ref for ref in refs if ref not in {"_user_attributes", "_model", "_explore",
                                               "_query", "_view", "_field", "_filters"}]


def _filter_keys(spec: dict[str, Any]) -> list[str]:
    """Field names of a `filters: [a: "x", b: "y"]` list, however lkml shaped it."""
    keys = []
    for group in spec.get("filters__all", []):
        for item in group:
            keys += list(item)
    for item in spec.get("filters", []) or []:
        if isinstance(item, dict):
            keys += [item["field"]] if "field" in item else list(item)
    return keys


def _strip_sql(sql: str) -> str:
    """SQL without comments, string literals and Liquid tags, for lexical checks."""
    sql = re.sub(r"\{%.*?%\}", " ", sql, flags=re.S)
    sql = re.sub(r"'(?:[^'\\]|\\.)*'", "''", sql)
    sql = re.sub(r"\"(?:[^\"\\]|\\.)*\"", '""', sql)
    return re.sub(r"--[^\n]*", " ", sql)


def _resolve_in_view(project: Project, view: View, ref: str) -> Field | None:
    if ref.endswith(".SQL_TABLE_NAME"):
        owner = project.views.get(ref.removesuffix(".SQL_TABLE_NAME"))
        return Field(owner.name, "SQL_TABLE_NAME", "table", {}) if owner else None
    owner, _, name = ref.rpartition(".")
    target = project.views.get(owner) if owner else view
    return target.fields.get(name) if target else None


def _explore_field(project: Project, explore: str, ref: str) -> Field | None:
    alias, _, name = ref.partition(".")
    aliases = project.aliases.get(explore)
    if aliases is None:  # not checked yet: compute the aliases alone
        spec = project.explores.get(explore)
        if spec is None:
            return None
        aliases = {explore: spec.get("view_name") or spec.get("from") or explore}
        aliases |= {j["name"]: j.get("from") or j["name"] for j in spec.get("joins", [])}
    view = project.views.get(aliases.get(alias, ""))
    return view.fields.get(name) if view and name else None

"""Static checks of the Terraform under terraform/, offline: no terraform binary, no provider.

    problems = check(Path("terraform"))   # [] when all is well

Every `.tf` is parsed with python-hcl2 and held against the google / google-beta provider
schemas in terraform/provider-schema/google.json (see refresh.py there):

- every resource and data source type exists in the provider it uses (`provider = google-beta`
  or google), every argument and nested block (static or `dynamic`) is one the schema knows,
  used as what it is (attribute `x = ...` or block `x { }`), and every required argument or
  block is there;
- every variable has a description and a type, every output a description;
- every module call's source folder exists, passes only variables the module declares and all
  those without a default, and every `module.M.O` names an output M has;
- every `var.X`, `local.X`, `data.T.N` and `google_*.N` reference names something declared in
  the same module;
- every path given to file() exists (`${path.module}` and simple locals resolved; a part left
  unknown, such as a for-loop variable, must match at least one file);
- every module pins terraform >= 1.5 and hashicorp/google ~> 6.0.
"""

import glob
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import hcl2

SCHEMA_FILE = Path("provider-schema") / "google.json"
RESOURCE_META = {"count", "for_each", "depends_on", "provider", "lifecycle", "provisioner",
                 "connection"}
MODULE_META = {"source", "version", "count", "for_each", "depends_on", "providers"}
_OPTIONS = hcl2.SerializationOptions(strip_string_quotes=True, with_comments=False)
_VAR = re.compile(r"(?<![\w.])var\.([A-Za-z_][\w-]*)")
_LOCAL = re.compile(r"(?<![\w.])local\.([A-Za-z_][\w-]*)")
_MODULE = re.compile(r"(?<![\w.])module\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)")
_DATA = re.compile(r"(?<![\w.])data\.([a-z][\w]*)\.([A-Za-z_][\w-]*)")
_RESOURCE = re.compile(r"(?<![\w.-])(google_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")
_FILE = re.compile(r"(?<![\w.])file\(\"((?:[^\"\\]|\\.)*)\"\)")
_INTERPOLATION = re.compile(r"\$\{([^{}]*)\}")


@dataclass
class Module:
    """One folder of .tf files, parsed."""

    path: Path
    files: dict[Path, dict] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)

    def blocks(self, kind: str):
        """(file, block body list) for every top-level `kind` block (resource, variable...)."""
        for path, tree in self.files.items():
            for entry in tree.get(kind, []):
                yield path, entry

    def labelled(self, kind: str) -> dict[str, tuple[Path, dict]]:
        """{label: (file, body)} of the one-label blocks (variable, output, module)."""
        return {name: (path, body) for path, entry in self.blocks(kind)
                for name, body in entry.items()}

    def resources(self, kind: str = "resource"):
        """(file, type, name, body) of every resource (or data source)."""
        for path, entry in self.blocks(kind):
            for type_, named in entry.items():
                for name, body in named.items():
                    yield path, type_, name, body

    def line(self, path: Path, pattern: str) -> int:
        """1-based line of the first match of `pattern` in `path` (0 if none)."""
        match = re.search(pattern, self.texts[path], re.M)
        return self.texts[path].count("\n", 0, match.start()) + 1 if match else 0


def load_schema(root: Path) -> dict:
    return json.loads((root / SCHEMA_FILE).read_text())


def parse_module(path: Path, problems: list[str]) -> Module:
    module = Module(path)
    for tf in sorted(path.glob("*.tf")):
        text = tf.read_text()
        module.texts[tf] = text
        try:
            module.files[tf] = hcl2.loads(text, serialization_options=_OPTIONS)
        except Exception as exc:  # noqa: BLE001 - any parser error is a finding
            problems.append(f"{tf}: does not parse: {str(exc).splitlines()[0][:200]}")
    return module


def module_dirs(root: Path) -> list[Path]:
    """The root and every folder under it holding .tf files (.terraform/ left out)."""
    found = {tf.parent for tf in root.rglob("*.tf") if ".terraform" not in tf.parts}
    return sorted(found)


def _is_block(value) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(item, dict) and item.get("__is_block__") for item in value)


def _strings(value):
    """Every string inside a parsed value (the expressions and templates)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "__is_block__":
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_body(where: str, body: dict, schema: dict, problems: list[str],
               top: bool = False) -> None:
    """Arguments and nested blocks of one resource or block against its schema."""
    attributes, blocks = schema["attributes"], schema["blocks"]
    present: set[str] = set()
    for key, value in body.items():
        if key == "__is_block__" or (top and key in RESOURCE_META):
            continue
        if key == "dynamic":
            for entry in value:
                for name, dynamic in entry.items():
                    if name == "__is_block__":
                        continue
                    present.add(name)
                    if name not in blocks:
                        problems.append(f"{where}: dynamic \"{name}\": no such block"
                                        f"{_hint(name, blocks)}")
                        continue
                    for content in dynamic.get("content", []):
                        check_body(f"{where}.{name}", content, blocks[name], problems)
            continue
        present.add(key)
        if _is_block(value):
            if key not in blocks:
                kind = "an argument, not a block" if key in attributes else "no such block"
                problems.append(f"{where}: {key}: {kind}{_hint(key, blocks)}")
                continue
            for item in value:
                check_body(f"{where}.{key}", item, blocks[key], problems)
        elif key not in attributes:
            kind = "a block, not an argument" if key in blocks else "unknown argument"
            problems.append(f"{where}: {key}: {kind}{_hint(key, attributes)}")
    for name, need in attributes.items():
        if need == "required" and name not in present:
            problems.append(f"{where}: missing required argument {name}")
    for name, block in blocks.items():
        if block["required"] and name not in present:
            problems.append(f"{where}: missing required block {name}")


def _hint(name: str, known: dict) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def check_resources(module: Module, schema: dict, problems: list[str]) -> None:
    providers = schema["providers"]
    for kind in ("resource", "data"):
        for path, type_, name, body in module.resources(kind):
            provider = body.get("provider", "google")
            if not isinstance(provider, str):
                provider = "google"
            provider = provider.removeprefix("${").removesuffix("}").split(".")[0]
            header = rf'^\s*{kind}\s+"{type_}"\s+"{name}"'
            where = (f"{path}:{module.line(path, header)}: "
                     f"{'data.' if kind == 'data' else ''}{type_}.{name}")
            types = providers.get(provider, {}).get(kind, {})
            if type_ not in types:
                elsewhere = [p for p, s in providers.items() if type_ in s.get(kind, {})]
                problems.append(
                    f"{where}: {kind} type not in the {provider} provider schema"
                    + (f" (it is in {', '.join(elsewhere)}: set provider)" if elsewhere else
                       " (misspelt, or run terraform/provider-schema/refresh.py)"))
                continue
            check_body(where, body, types[type_], problems, top=True)


def check_declarations(module: Module, problems: list[str]) -> None:
    for name, (path, body) in module.labelled("variable").items():
        line = module.line(path, rf'^variable\s+"{name}"')
        where = f"{path}:{line}: variable {name}"
        if not body.get("description"):
            problems.append(f"{where}: no description")
        if "type" not in body:
            problems.append(f"{where}: no type")
    for name, (path, body) in module.labelled("output").items():
        if not body.get("description"):
            line = module.line(path, rf'^output\s+"{name}"')
            problems.append(f"{path}:{line}: output {name}: no description")


def check_versions(module: Module, problems: list[str]) -> None:
    settings = [entry for _path, entry in module.blocks("terraform")]
    required = next((s.get("required_version") for s in settings if "required_version" in s),
                    None)
    providers: dict = {}
    for entry in settings:
        for block in entry.get("required_providers", []):
            providers.update({k: v for k, v in block.items() if k != "__is_block__"})
    where = f"{module.path}"
    if required != ">= 1.5":
        problems.append(f"{where}: terraform required_version should be \">= 1.5\", "
                        f"is {required!r}")
    google = providers.get("google")
    if not google or google.get("source") != "hashicorp/google" \
            or google.get("version") != "~> 6.0":
        problems.append(f"{where}: required_providers must pin hashicorp/google \"~> 6.0\"")
    beta_used = any(body.get("provider") == "google-beta"
                    for _p, _t, _n, body in module.resources())
    beta = providers.get("google-beta")
    if beta_used and (not beta or beta.get("version") != "~> 6.0"):
        problems.append(f"{where}: uses google-beta without pinning hashicorp/google-beta "
                        "\"~> 6.0\"")


def check_references(module: Module, modules: dict[Path, Module],
                     problems: list[str]) -> None:
    variables = set(module.labelled("variable"))
    locals_ = {name for _path, entry in module.blocks("locals") for name in entry
               if name != "__is_block__"}
    calls = module.labelled("module")
    declared = {(t, n) for _p, t, n, _b in module.resources()}
    data = {(t, n) for _p, t, n, _b in module.resources("data")}
    for path, tree in module.files.items():
        for text in _strings(tree):
            for name in _VAR.findall(text):
                if name not in variables:
                    problems.append(f"{path}: var.{name} is not declared")
            for name in _LOCAL.findall(text):
                if name not in locals_:
                    problems.append(f"{path}: local.{name} is not defined")
            for type_, name in _DATA.findall(text):
                if (type_, name) not in data:
                    problems.append(f"{path}: data.{type_}.{name} is not declared")
            for type_, name in _RESOURCE.findall(text):
                if (type_, name) not in declared:
                    problems.append(f"{path}: {type_}.{name} is not declared")
            for call, output in _MODULE.findall(text):
                if call not in calls:
                    problems.append(f"{path}: module.{call} is not declared")
                    continue
                target = _source_dir(module.path, calls[call][1])
                if target in modules and output not in modules[target].labelled("output"):
                    problems.append(f"{path}: module.{call} has no output {output}")


def _source_dir(base: Path, call: dict) -> Path | None:
    source = call.get("source", "")
    if not isinstance(source, str) or not source.startswith(("./", "../")):
        return None
    return (base / source).resolve()


def check_module_calls(module: Module, modules: dict[Path, Module],
                       problems: list[str]) -> None:
    for name, (path, call) in module.labelled("module").items():
        line = module.line(path, rf'^module\s+"{name}"')
        where = f"{path}:{line}: module {name}"
        target = _source_dir(module.path, call)
        if target is None:
            continue  # a registry module: nothing offline to hold it against
        if target not in modules:
            problems.append(f"{where}: source {call['source']} has no .tf files")
            continue
        variables = modules[target].labelled("variable")
        for argument in call:
            if argument not in MODULE_META and argument != "__is_block__" \
                    and argument not in variables:
                problems.append(f"{where}: {argument}: the module has no such variable"
                                f"{_hint(argument, variables)}")
        for variable, (_vpath, body) in variables.items():
            if "default" not in body and variable not in call:
                problems.append(f"{where}: missing required variable {variable}")


def _local_templates(module: Module) -> dict[str, str]:
    """Locals whose value is a path template: "..." or coalesce(var.X, "...")."""
    found = {}
    for _path, entry in module.blocks("locals"):
        for name, value in entry.items():
            if not isinstance(value, str):
                continue
            match = re.fullmatch(r'\$\{coalesce\(var\.\w+, "(.*)"\)\}', value)
            if match:
                found[name] = match.group(1)
            elif not value.startswith("${") or _INTERPOLATION.fullmatch(value) is None:
                found[name] = value
    return found


def check_files(module: Module, problems: list[str]) -> None:
    templates = _local_templates(module)
    for path, tree in module.files.items():
        for text in _strings(tree):
            for template in _FILE.findall(text):
                resolved = template.replace("${path.module}", str(module.path))
                for name, value in templates.items():
                    resolved = resolved.replace(
                        f"${{local.{name}}}", value.replace("${path.module}", str(module.path)))
                pattern = _INTERPOLATION.sub("*", resolved)
                hits = glob.glob(pattern) if "*" in pattern else (
                    [pattern] if Path(pattern).exists() else [])
                if not hits:
                    problems.append(f"{path}: file(\"{template}\"): no such file ({pattern})")


def variables(path: Path) -> dict[str, dict]:
    """{name: body} of the variables of the module in folder `path` (defaults as parsed)."""
    declared = parse_module(path, []).labelled("variable")
    return {name: body for name, (_file, body) in declared.items()}


def locals_of(path: Path) -> dict[str, object]:
    """{name: parsed value} of the locals of the module in folder `path`."""
    module = parse_module(path, [])
    return {name: value for _file, entry in module.blocks("locals")
            for name, value in entry.items() if name != "__is_block__"}


def check(root: Path, schema: dict | None = None) -> list[str]:
    """Every problem found in the Terraform under `root` (a list of readable lines)."""
    root = root.resolve()
    schema = schema or load_schema(root)
    problems: list[str] = []
    modules = {path: parse_module(path, problems) for path in module_dirs(root)}
    for module in modules.values():
        check_resources(module, schema, problems)
        check_declarations(module, problems)
        check_versions(module, problems)
        check_references(module, modules, problems)
        check_module_calls(module, modules, problems)
        check_files(module, problems)
    return problems


if __name__ == "__main__":
    import sys

    found = check(Path(sys.argv[1] if len(sys.argv) > 1 else "terraform"))
    print("\n".join(found) or "no problems")
    raise SystemExit(1 if found else 0)

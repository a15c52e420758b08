"""Rewrite google.json: the google and google-beta provider schemas of the resource and data
source types this Terraform uses, taken offline from the npm packages that ship them.

    python terraform/provider-schema/refresh.py            # npm-installs the packages below
    python terraform/provider-schema/refresh.py --from DIR # packages in DIR/node_modules

`@cdktf/provider-google` and `@cdktf/provider-google-beta` are generated from the providers'
schemas and carry them in their jsii manifest (`.jsii`): one `...Config` interface per resource
or data source, a property per argument (optional or not), a struct per nested block, each
linked to the registry page whose anchor is the Terraform name. Only names, required flags and
block nesting are kept, so tests/terraform_check.py can tell a misspelt or missing argument
without a terraform binary or a provider download. Stdlib only; run it after adding a resource
type (tests/test_terraform.py says which one is missing) or when moving to a newer provider.
"""

import argparse
import json
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TERRAFORM = HERE.parent
OUT = HERE / "google.json"
PACKAGES = {  # provider name: (npm package, version whose provider is the newest hashicorp 6.x)
    "google": ("@cdktf/provider-google", "16.12.1"),
    "google-beta": ("@cdktf/provider-google-beta", "16.12.1"),
}
META_ARGUMENTS = {"count", "for_each", "depends_on", "provider", "lifecycle", "connection",
                  "provisioners"}
_HEADER = re.compile(r'^\s*(resource|data)\s+"([a-z0-9_]+)"\s+"[^"]+"', re.M)
_LINK = re.compile(r"/docs/(resources|data-sources)/([a-z0-9_]+)(?:#([a-z0-9_]+))?\s+(\w+)")
_ANCHOR = re.compile(r"#([a-z0-9_]+)\s+[A-Za-z0-9]+#[a-z0-9_]+\}")


def used_types(root: Path = TERRAFORM) -> dict[str, dict[str, set[str]]]:
    """{provider: {"resource": {...}, "data": {...}}}: the types declared by every .tf under
    `root`, under google-beta for blocks that say `provider = google-beta`, else google."""
    found = {provider: {"resource": set(), "data": set()} for provider in PACKAGES}
    for path in sorted(root.rglob("*.tf")):
        if ".terraform" in path.parts:
            continue
        text = path.read_text()
        for match in _HEADER.finditer(text):
            body = _block_text(text, match.end())
            beta = re.search(r"^\s*provider\s*=\s*google-beta\b", body, re.M)
            found["google-beta" if beta else "google"][match.group(1)].add(match.group(2))
    return found


def _block_text(text: str, start: int) -> str:
    """The text of the block whose header ends at `start`, up to its closing brace."""
    begin = text.index("{", start)
    depth = 0
    for i in range(begin, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[begin:i]
    return text[begin:]


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _tf_name(prop: dict) -> str:
    docs = prop.get("docs", {})
    match = _ANCHOR.search(f"{docs.get('summary', '')} {docs.get('remarks', '')}")
    return match.group(1) if match else _snake(prop["name"])


def _struct_of(type_: dict, types: dict) -> str | None:
    """The fqn of the block struct a property's type names (alone, in a list or a union)."""
    if "fqn" in type_:
        fqn = type_["fqn"]
        return fqn if types.get(fqn, {}).get("datatype") else None
    if "collection" in type_:
        return _struct_of(type_["collection"]["elementtype"], types)
    if "union" in type_:
        for member in type_["union"]["types"]:
            fqn = _struct_of(member, types)
            if fqn:
                return fqn
    return None


def _properties(fqn: str, types: dict) -> list[dict]:
    interface = types[fqn]
    props = list(interface.get("properties", []))
    for parent in interface.get("interfaces", []):
        if parent in types:
            props += _properties(parent, types)
    return props


def _block(fqn: str, types: dict, top: bool = False) -> dict:
    attributes: dict[str, str] = {}
    blocks: dict[str, dict] = {}
    for prop in _properties(fqn, types):
        name = _tf_name(prop)
        if top and name in META_ARGUMENTS:
            continue
        struct = _struct_of(prop["type"], types)
        is_block = struct and prop.get("docs", {}).get("summary", "").endswith(" block.")
        if is_block:
            blocks[name] = {"required": not prop.get("optional", False), **_block(struct, types)}
        else:
            attributes[name] = "optional" if prop.get("optional") else "required"
    return {"attributes": dict(sorted(attributes.items())), "blocks": dict(sorted(blocks.items()))}


def provider_schema(manifest: dict) -> tuple[str, dict[str, dict[str, dict]]]:
    """(provider version, {"resource": {type: schema}, "data": {type: schema}}) of a manifest."""
    types = manifest["types"]
    found: dict[str, dict[str, dict]] = {"resource": {}, "data": {}}
    version = ""
    for cls in types.values():
        if cls.get("kind") != "class" or cls.get("base") not in (
                "cdktf.TerraformResource", "cdktf.TerraformDataSource"):
            continue
        link = _LINK.search(cls.get("docs", {}).get("summary", ""))
        config = next((p["type"]["fqn"] for p in cls.get("initializer", {}).get("parameters", [])
                       if p["name"] == "config"), None)
        if not link or not config:
            continue
        version = version or re.search(r"/google(?:-beta)?/([\d.]+)/", cls["docs"]["summary"])[1]
        kind = "resource" if cls["base"] == "cdktf.TerraformResource" else "data"
        found[kind][link.group(4)] = config
    return version, found


def extract(package_dir: Path, wanted: dict[str, set[str]]) -> tuple[str, dict]:
    manifest = json.loads((package_dir / ".jsii").read_text())
    version, configs = provider_schema(manifest)
    schema = {kind: {name: _block(configs[kind][name], manifest["types"], top=True)
                     for name in sorted(wanted[kind]) if name in configs[kind]}
              for kind in ("resource", "data")}
    return version, schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=None,
                        help="a folder whose node_modules/ holds both packages (default: npm "
                             "install them into a temporary folder)")
    args = parser.parse_args(argv)
    wanted = used_types()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or Path(tmp)
        if args.source is None:
            subprocess.run(["npm", "install", "--prefix", tmp, "--no-save", "--ignore-scripts",
                            "--no-audit", "--no-fund",
                            *[f"{pkg}@{ver}" for pkg, ver in PACKAGES.values()]], check=True)
        out = {"comment": "Generated by refresh.py from the npm packages named in 'source'; "
                          "only the types this Terraform declares. Do not edit by hand.",
               "source": {}, "providers": {}}
        for provider, (package, _version) in PACKAGES.items():
            package_dir = source / "node_modules" / package
            meta = json.loads((package_dir / "package.json").read_text())
            version, schema = extract(package_dir, wanted[provider])
            out["source"][provider] = {"npm": f"{package}@{meta['version']}",
                                       "provider": f"hashicorp/{provider} {version}"}
            out["providers"][provider] = schema
    missing = sorted(f"{provider} {kind} {name}" for provider in PACKAGES
                     for kind, names in wanted[provider].items() for name in names
                     if name not in out["providers"][provider][kind])
    OUT.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n")
    print(f"wrote {OUT.relative_to(TERRAFORM.parent)}: "
          + ", ".join(f"{p}: {len(s['resource'])} resources, {len(s['data'])} data sources"
                      for p, s in out["providers"].items()))
    if missing:
        print("not in the provider that declares them: " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

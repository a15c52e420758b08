"""Salesforce org metadata (custom fields and the Voice_Call__c object), rendered from
`schemas.salesforce_fields` into Salesforce DX source format, checked in so an admin can
deploy it:

    sf project deploy start --source-dir schemas/salesforce/force-app

Regenerate after changing `schemas/salesforce_fields.py`:

    python -m schemas.salesforce_metadata --write
"""

import argparse
from pathlib import Path
from xml.sax.saxutils import escape

from schemas.salesforce_fields import OBJECT_FIELDS, VOICE_CALL_OBJECT, SalesforceField

PROJECT_DIR = Path(__file__).parent / "salesforce"
OBJECTS_DIR = PROJECT_DIR / "force-app" / "main" / "default" / "objects"
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = "http://soap.sforce.com/2006/04/metadata"


def _element(tag: str, value: object) -> str:
    text = str(value).lower() if isinstance(value, bool) else escape(str(value))
    return f"    <{tag}>{text}</{tag}>\n"


def field_xml(spec: SalesforceField) -> str:
    parts = [_element("fullName", spec.name), _element("label", spec.label),
             _element("description", spec.description)]
    if spec.external_id:
        parts += [_element("externalId", True), _element("unique", True)]
    parts.append(_element("type", spec.type))
    if spec.type in ("Text", "LongTextArea"):
        parts.append(_element("length", spec.length))
    if spec.type == "LongTextArea":
        parts.append(_element("visibleLines", 5))
    if spec.type == "Number":
        parts += [_element("precision", spec.precision), _element("scale", spec.scale)]
    if spec.type == "MultiselectPicklist":
        parts.append(_element("visibleLines", 4))
    if spec.values:
        values = "".join(
            f"            <value>\n                <fullName>{escape(value)}</fullName>\n"
            f"                <default>false</default>\n"
            f"                <label>{escape(label)}</label>\n            </value>\n"
            for value, label in spec.value_labels.items())
        parts.append("    <valueSet>\n        <restricted>true</restricted>\n"
                     f"        <valueSetDefinition>\n{values}"
                     "            <sorted>false</sorted>\n"
                     "        </valueSetDefinition>\n    </valueSet>\n")
    return f'{HEADER}<CustomField xmlns="{NS}">\n{"".join(parts)}</CustomField>\n'


def voice_call_object_xml() -> str:
    return (f'{HEADER}<CustomObject xmlns="{NS}">\n'
            "    <deploymentStatus>Deployed</deploymentStatus>\n"
            "    <description>One voice trial call, upserted by Session Id</description>\n"
            "    <enableActivities>true</enableActivities>\n"
            "    <enableReports>true</enableReports>\n"
            "    <label>Voice Call</label>\n"
            "    <nameField>\n        <displayFormat>VC-{000000}</displayFormat>\n"
            "        <label>Voice Call Number</label>\n        <type>AutoNumber</type>\n"
            "    </nameField>\n"
            "    <pluralLabel>Voice Calls</pluralLabel>\n"
            "    <sharingModel>ReadWrite</sharingModel>\n"
            "</CustomObject>\n")


def rendered_files() -> dict[Path, str]:
    """File path -> the exact text it must hold."""
    files = {OBJECTS_DIR / VOICE_CALL_OBJECT / f"{VOICE_CALL_OBJECT}.object-meta.xml":
             voice_call_object_xml(),
             PROJECT_DIR / "sfdx-project.json":
             '{\n  "packageDirectories": [{"path": "force-app", "default": true}],\n'
             '  "sourceApiVersion": "59.0"\n}\n'}
    for sobject, fields in OBJECT_FIELDS.items():
        for spec in fields:
            files[OBJECTS_DIR / sobject / "fields" / f"{spec.name}.field-meta.xml"] = (
                field_xml(spec))
    return files


def stale_files() -> list[Path]:
    return [path for path, text in rendered_files().items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the metadata files")
    args = parser.parse_args(argv)
    if args.write:
        for path, text in rendered_files().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(f"wrote {len(rendered_files())} metadata files under {PROJECT_DIR}")
        return 0
    stale = stale_files()
    for path in stale:
        print(f"stale: {path} (run: python -m schemas.salesforce_metadata --write)")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())

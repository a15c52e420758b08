"""`voice-analytics eval DIR --labels LABELS.json`: how often the analyzers agree with labels.

Single values are scored by accuracy; lists (integrations, objection types...) by precision,
recall and F1 summed over sessions (micro average). The macro average is the mean over fields
of accuracy or F1. Labels use the contract's paths (`action_items.items[].type` for a list
taken from a list of objects); `splits` in the labels file, if present, names subsets.
"""

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from schemas.validation import parse_record
from transforms.analyze import analyze


@dataclass
class FieldScore:
    path: str
    is_list: bool
    correct: int = 0
    total: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, session_id: str, predicted: Any, expected: Any) -> None:
        self.total += 1
        if self.is_list:
            got, want = set(predicted or []), set(expected or [])
            self.true_positives += len(got & want)
            self.false_positives += len(got - want)
            self.false_negatives += len(want - got)
            ok = got == want
        else:
            ok = predicted == expected
        self.correct += ok
        if not ok:
            self.misses.append(f"{session_id}: got {predicted!r}, expected {expected!r}")

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def headline(self) -> float:
        return self.f1 if self.is_list else self.accuracy


def value_at(document: Any, path: str) -> Any:
    """'a.b' -> document['a']['b']; 'a.items[].type' -> [item['type'] for item in a.items]."""
    node = document
    parts = path.split(".")
    for i, part in enumerate(parts):
        if part.endswith("[]"):
            rest = ".".join(parts[i + 1:])
            return [value_at(item, rest) if rest else item for item in node[part[:-2]]]
        node = node[part]
    return node


def evaluate(sessions_dir: Path, labels: dict, only: set[str] | None = None) -> list[FieldScore]:
    scores: dict[str, FieldScore] = {}
    for session_id, expected in sorted(labels["sessions"].items()):
        if only is not None and session_id not in only:
            continue
        path = sessions_dir / f"{session_id}.json"
        analysis = analyze(parse_record(path.read_bytes())).model_dump(mode="json")
        for field_path, want in expected.items():
            score = scores.setdefault(field_path, FieldScore(field_path, isinstance(want, list)))
            score.add(session_id, value_at(analysis, field_path), want)
    return list(scores.values())


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval", help="score the analyzers against a hand-labelled set",
        description=__doc__.split("\n\n")[1])
    parser.add_argument("sessions_dir", metavar="DIR", type=Path,
                        help="folder of <session_id>.json records")
    parser.add_argument("--labels", type=Path, required=True, help="labels JSON file")
    parser.add_argument("--split", default="all",
                        help="a split named in the labels file (e.g. dev, holdout) or all")
    parser.add_argument("--show-misses", action="store_true", help="list every wrong answer")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    labels = orjson.loads(args.labels.read_bytes())
    only = None
    if args.split != "all":
        splits = labels.get("splits", {})
        if args.split not in splits:
            raise SystemExit(f"--split {args.split}: the labels file has {sorted(splits)}")
        only = set(splits[args.split])
    scores = evaluate(args.sessions_dir, labels, only)
    count = max((s.total for s in scores), default=0)
    print(f"eval over {count} sessions ({args.split})")
    print(f"  {'field':<44} {'accuracy':>8} {'precision':>9} {'recall':>7} {'F1':>6}")
    for s in scores:
        if s.is_list:
            print(f"  {s.path:<44} {s.accuracy:>8.2f} {s.precision:>9.2f} {s.recall:>7.2f} "
                  f"{s.f1:>6.2f}")
        else:
            print(f"  {s.path:<44} {s.accuracy:>8.2f} {'':>9} {'':>7} {'':>6}")
    macro = sum(s.headline for s in scores) / len(scores) if scores else 0.0
    print(f"  macro average (accuracy or F1 per field): {macro:.3f}")
    if args.show_misses:
        for s in scores:
            for miss in s.misses:
                print(f"  miss {s.path}: {miss}")
    return 0

"""`voice-analytics replay-dlq`: re-publish dead letters after a fix."""

import argparse
from pathlib import Path

from pipeline.replay import reasons, replay_to_file, replay_to_topic, retire, select


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "replay-dlq", help="send dead letters back through the job after a fix",
        description="Publishes each dead letter's original bytes and attributes to --topic "
        "(set PUBSUB_EMULATOR_HOST for the emulator), or appends them to --out for a batch "
        "run. The replayed file is then renamed so it is not replayed twice.")
    parser.add_argument("--dead-letter-path", type=Path, default=Path("data/dead_letters.jsonl"),
                        help="dead letters JSONL (default %(default)s)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--topic", help="Pub/Sub topic, projects/P/topics/T")
    target.add_argument("--out", type=Path, help="JSONL of payloads for --input_files")
    parser.add_argument("--step", help="only letters from this step, e.g. WriteWarehouse")
    parser.add_argument("--dry-run", action="store_true", help="count by reason, send nothing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    letters = select(args.dead_letter_path, args.step)
    for reason, count in reasons(letters).most_common():
        print(f"{count:5d}  {reason}")
    if args.dry_run or not letters:
        print(f"{len(letters)} dead letters{' (dry run: nothing sent)' if args.dry_run else ''}")
        return 0
    if not (args.topic or args.out):
        raise SystemExit("say where to send them: --topic projects/P/topics/T or --out FILE")
    sent = replay_to_topic(letters, args.topic) if args.topic else replay_to_file(letters,
                                                                                   args.out)
    if args.step is None:
        print(f"replayed {sent}; {args.dead_letter_path} moved to {retire(args.dead_letter_path)}")
    else:
        print(f"replayed {sent} from step {args.step}; the file is kept (other steps remain)")
    return 0

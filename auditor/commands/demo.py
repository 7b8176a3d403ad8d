"""``auditor demo``: audit the bundled fictional persona's sample exports; no config, no network."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from auditor.loading import load_config
from auditor.pipeline import audit_and_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("demo", help="audit the bundled sample accounts of a fictional social worker")
    parser.add_argument("--output-dir", type=Path, default=Path("audit-report"),
                        help="where to write the reports (default ./audit-report)")
    parser.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    with resources.as_file(resources.files("auditor") / "demo") as folder:
        config = load_config(folder / "demo.toml")
        demo_args = argparse.Namespace(output_dir=args.output_dir, format=("html", "json"), fail_on=None,
                                       quiet=False, no_history=True)
        code = audit_and_report(config, demo_args)
    print(f"\nOpen {(args.output_dir / 'report.html').resolve()} in your browser to read the demo report.")
    return code

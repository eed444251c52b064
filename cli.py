"""Command line: validate strategy files, print the JSON Schema, export a strategy, back up and
restore the store.

    python cli.py validate FILE...          exit 0 if all valid, 1 if any is invalid, 2 if unreadable
    python cli.py schema                    the JSON Schema of the strategy document
    python cli.py export FILE --format json|pdf|docx|xlsx|opendata --out OUT
    python cli.py backup --out FILE [--db URL]          the whole store (every revision, members, workshops)
    python cli.py restore FILE [--db URL] [--replace]   into an empty store (or replacing it)

Messages follow the language of the environment (LANG=fr_FR… → French) or --lang; an export
is written in the strategy's own language unless --lang says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from domain.document import (
    DEFAULT_MAX_BYTES,
    ReadResult,
    json_schema,
    read_document,
    too_large,
    write_document,
)
from domain.model import Strategy
from domain.problems import Problem
from i18n import problem_text, t

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
FORMATS = ("json", "pdf", "docx", "xlsx", "opendata")
# Problems about the file itself (not its content) make it unreadable rather than invalid.
UNREADABLE_CODES = {"file.too_large", "file.not_utf8", "file.not_json", "file.unreadable"}


def _read(path: str, max_bytes: int) -> ReadResult:
    file = Path(path)
    try:
        size = file.stat().st_size
        refusal = too_large(size, max_bytes)  # refused before it is read
        if refusal:
            return ReadResult(None, [refusal])
        return read_document(file.read_bytes(), max_bytes=max_bytes)
    except OSError as exc:
        return ReadResult(None, [Problem("$", "file.unreadable", {"reason": exc.strerror or str(exc)})])


def _unreadable(result: ReadResult) -> bool:
    return any(p.code in UNREADABLE_CODES for p in result.problems)


def cmd_validate(args: argparse.Namespace) -> int:
    code = EXIT_OK
    for path in args.files:
        result = _read(path, args.max_bytes)
        if result.ok:
            print(t("cli.ok", args.lang, file=path))
            continue
        code = max(code, EXIT_UNREADABLE if _unreadable(result) else EXIT_INVALID)
        for problem in result.problems:
            print(f"{path}: {problem_text(problem, args.lang)}", file=sys.stderr)
    return code


def cmd_schema(_args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    result = _read(args.file, args.max_bytes)
    if not result.ok or result.strategy is None:
        for problem in result.problems:
            print(f"{args.file}: {problem_text(problem, args.lang)}", file=sys.stderr)
        return EXIT_UNREADABLE if _unreadable(result) else EXIT_INVALID
    data = render(result.strategy, args.format, args.document_lang or result.strategy.language)
    try:
        if args.out == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(args.out).write_bytes(data)
            print(t("cli.written", args.lang, file=args.out), file=sys.stderr)
    except OSError as exc:
        problem = Problem("$", "file.unreadable", {"reason": exc.strerror or str(exc)})
        print(f"{args.out}: {problem_text(problem, args.lang)}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def render(strategy: Strategy, fmt: str, lang: str) -> bytes:
    """The bytes of a strategy exported in one of FORMATS (report libraries load only when used)."""
    if fmt == "pdf":
        from reports.pdf import strategy_pdf

        return strategy_pdf(strategy, lang)
    if fmt == "docx":
        from reports.docx_report import strategy_docx

        return strategy_docx(strategy, lang)
    if fmt == "xlsx":
        from reports.xlsx import export_xlsx

        return export_xlsx(strategy, lang)
    if fmt == "opendata":
        from reports.opendata import package_zip

        return package_zip(strategy)
    return write_document(strategy).encode("utf-8")


def cmd_backup(args: argparse.Namespace) -> int:
    from domain.storage import Store
    from domain.storage.backup import backup

    counts = backup(Store(args.db).engine, Path(args.out))
    print(t("cli.backup_done", args.lang, file=args.out, rows=sum(counts.values()), strategies=counts["strategies"]))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from domain.storage import Store
    from domain.storage.backup import BackupError, restore

    try:
        counts = restore(Store(args.db).engine, Path(args.file), replace=args.replace)
    except (BackupError, OSError, ValueError) as exc:
        print(t("cli.restore_refused", args.lang, reason=str(exc)), file=sys.stderr)
        return EXIT_INVALID
    print(t("cli.restore_done", args.lang, rows=sum(counts.values()), strategies=counts.get("strategies", 0)))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cli.py", description="Territorial innovation strategy: command line.")
    env_lang = "fr" if os.environ.get("LANG", "").lower().startswith("fr") else "en"
    p.add_argument("--lang", choices=("fr", "en"), default=None, help=f"messages and exports (default: {env_lang})")
    p.set_defaults(env_lang=env_lang)
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="size limit of a strategy file")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate strategy files")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.set_defaults(run=cmd_validate)
    s = sub.add_parser("schema", help="print the JSON Schema of the strategy document")
    s.set_defaults(run=cmd_schema)
    e = sub.add_parser("export", help="export a strategy")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--format", choices=FORMATS, default="json")
    e.add_argument("--out", required=True, metavar="OUT", help="output file, or - for standard output")
    e.set_defaults(run=cmd_export)
    database = "the store's database URL (default: STRATEGY_DB_URL, else the local SQLite file)"
    b = sub.add_parser("backup", help="write the whole store to a file")
    b.add_argument("--out", required=True, metavar="FILE")
    b.add_argument("--db", default=None, metavar="URL", help=database)
    b.set_defaults(run=cmd_backup)
    r = sub.add_parser("restore", help="load a backup into an empty store")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--db", default=None, metavar="URL", help=database)
    r.add_argument("--replace", action="store_true", help="empty a store that holds data first")
    r.set_defaults(run=cmd_restore)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.document_lang = args.lang  # an export: the strategy's language unless told
    args.lang = args.lang or args.env_lang
    try:
        return int(args.run(args))
    except Exception as exc:  # never a traceback: say what failed, exit non-zero
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``python -m analysis report INPUT --out DIR`` and friends.

    python -m analysis report seeds --out reports   # HTML reports (what `make report` runs)
    python -m analysis profile seeds/000_cfd6d3fc7ab3151e.txt   # summary table on the terminal
    python -m analysis validate                     # accuracy on ../shared/eval beside the baselines
"""
from __future__ import annotations

import argparse
import sys
import warnings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("report", help="render HTML reports for a file or folder of articles")
    rep.add_argument("input", help="an article file or a folder of articles")
    rep.add_argument("--out", default="reports", help="output folder (default: reports)")
    rep.add_argument("--workers", type=int, default=None,
                     help="processes for profiling and kernels for rendering (default: all cores)")
    rep.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    rep.add_argument("--group-by", default=None, metavar="COLUMN",
                     help="compare the articles on the index page by this metadata column (publisher, author, "
                          "language, date, ...)")
    rep.add_argument("--mode", default="fast", choices=["fast", "accurate"],
                     help="sentence sentiment: fast (lexicons, default) or accurate (with a contextual encoder, "
                          "about five times slower)")
    rep.add_argument("--period", default=None, choices=["day", "week", "month", "quarter", "year"],
                     help="with a date column for --group-by: group the dates by this period")

    prof = sub.add_parser("profile", help="print the summary metrics of articles")
    prof.add_argument("input", nargs="+", help="files, folders or globs")
    prof.add_argument("--mode", default="fast", choices=["fast", "accurate"], help="sentence sentiment mode")

    val = sub.add_parser("validate", help="score the kit on the labelled dev data in ../shared/eval")
    val.add_argument("--eval-dir", default=None, help="folder with the dev files (default: ../shared/eval)")

    sub.add_parser("build-encoder", help="build the accurate mode's int8 sentence encoder from the MiniLM wheel "
                                         "(make venv runs it; otherwise built on first use)")
    clean = sub.add_parser("clean-notebook", help="a notebook without outputs, for git's clean filter (stdin to stdout)")
    clean.add_argument("path", nargs="?", default=None, help="the notebook's path, which git passes (read from stdin)")

    args = parser.parse_args(argv)
    if args.command == "build-encoder":
        from .encoder import EncoderUnavailable, build_encoder, encoder_path

        try:
            path = encoder_path()
            print(path if path.exists() else build_encoder(path))
        except EncoderUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    if args.command == "clean-notebook":
        from .report import without_outputs

        text = sys.stdin.read()
        try:
            sys.stdout.write(without_outputs(text))
        except Exception as exc:  # a notebook that does not parse is passed through, so git keeps it as it is
            print(f"clean-notebook: {args.path or 'stdin'} left as it is: {exc}", file=sys.stderr)
            sys.stdout.write(text)
        return 0
    from .ingest import ArticleLoadError
    from .report import ReportError

    try:
        if args.command == "report":
            from .report import build_reports

            written = build_reports(args.input, out=args.out, workers=args.workers, progress=not args.no_progress,
                                    group_by=args.group_by, period=args.period, mode=args.mode)
            secs = written["seconds"]
            print(f"wrote {written['index']} and {len(written['articles'])} article page(s) to {args.out} "
                  f"(profiling {secs['profile']:.1f} s, rendering {secs['render']:.1f} s)")
            for err in written["errors"]:
                print(f"  skipped {err['source']}: {err['error']}", file=sys.stderr)
            if written["failed_pages"]:
                print(f"error: {len(written['failed_pages'])} article page(s) could not be written; they are "
                      f"listed at the end of {written['index']}", file=sys.stderr)
                return 1
            return 0 if written["articles"] else 1
        if args.command == "validate":
            from .evaluate import EVAL_FILES, default_eval_dir, validate_all

            try:
                tables = validate_all(args.eval_dir)
            except FileNotFoundError:
                folder = args.eval_dir or default_eval_dir()
                print(f"error: no evaluation data in {folder}. Put the development files there ({', '.join(EVAL_FILES)}; "
                      "see ../shared/eval/README.md) or name their folder with --eval-dir.", file=sys.stderr)
                return 2
            for name, table in tables.items():
                print(f"\n== {name} ==")
                print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
            return 0
        if args.command == "profile":
            import pandas as pd

            from .ingest import load_articles
            from .profile import profile_article

            from .ingest import load_errors

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the skipped files are reported below, one by one
                arts = load_articles(args.input)
            failed = [(e.source, e.error) for e in load_errors(arts).itertuples()]
            rows = {}
            for r in arts.itertuples():
                try:
                    rows[r.article_id] = profile_article(r.text, title=r.title, mode=args.mode).summary
                except Exception as exc:  # one article that cannot be profiled does not stop the others
                    failed.append((r.source, f"{type(exc).__name__}: {exc}"))
            if rows:
                with pd.option_context("display.width", 200, "display.max_columns", 50):
                    print(pd.DataFrame(rows).T.to_string())
            for source, error in failed:
                print(f"  skipped {source}: {error}", file=sys.stderr)
            return 0 if not failed else 1
    except (ArticleLoadError, ReportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""The storyline command line: thin wrappers that parse options and call one library function."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from storyline import __version__
from storyline.errors import StorylineError
from storyline.store import open_store

DEFAULT_DB = "storyline.db"
db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, envvar="STORYLINE_DB",
    help="SQLite file or postgresql:// URL.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


class StorylineGroup(click.Group):
    """Turns storyline's own errors into one clear line and exit code 2 (bad usage or setup)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(2)


@click.group(cls=StorylineGroup)
@click.version_option(__version__, prog_name="storyline")
def main() -> None:
    """Follow a developing story across outlets and languages."""


def _report_ingest(report: Any, as_json: bool) -> None:
    if as_json:
        _print_json(report.as_dict())
    else:
        click.echo(
            f"{len(report.added)} added, {len(report.new_versions)} new versions, "
            f"{len(report.unchanged)} unchanged, {len(report.errors)} failed"
        )
    for error in report.errors:
        click.echo(f"error: {error}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@json_option
@quiet_option
def ingest(paths: tuple[str, ...], db: str, as_json: bool, quiet: bool) -> None:
    """Read articles from files, folders, feeds, WARC, JSONL or URL lists ('-' for stdin)."""
    from storyline.ingest.run import ingest_paths

    with open_store(db) as store:
        report = ingest_paths(store, paths, progress=not quiet)
    _report_ingest(report, as_json)
    sys.exit(1 if report.errors else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@json_option
@quiet_option
def analyze(paths: tuple[str, ...], db: str, as_json: bool, quiet: bool) -> None:
    """Ingest what is given and run every analysis stage over the store."""
    from storyline.pipeline import analyze_paths

    with open_store(db) as store:
        result = analyze_paths(store, paths, progress=not quiet)
    if as_json:
        _print_json(result.as_dict())
    else:
        _report_ingest(result.ingest, False)
        for line in result.summary_lines():
            click.echo(line)
    sys.exit(1 if result.ingest.errors else 0)


@main.command()
@db_option
@json_option
def articles(db: str, as_json: bool) -> None:
    """List stored articles: id, date, language, outlet, title."""
    from storyline.export import article_record
    from storyline.store.articles import list_articles

    with open_store(db) as store:
        found = list_articles(store)
    if as_json:
        _print_json([{k: v for k, v in article_record(a).items() if k != "text"} for a in found])
        return
    for article in found:
        when = article.published.date or (
            f">={article.published.not_before}" if article.published.not_before else "?"
        )
        marker = "" if article.published.estimate == "stated" else f" ({article.published.estimate})"
        click.echo(
            f"{article.id}  {when}{marker}  {article.language}  "
            f"{article.outlet.name or '(unknown outlet)'}  {article.title[:70]}"
        )


@main.command()
@click.argument("article_id")
@db_option
@json_option
def show(article_id: str, db: str, as_json: bool) -> None:
    """One article with its metadata (and where each field came from) and its clean text."""
    from storyline.export import article_record
    from storyline.store.articles import article_versions, get_article

    with open_store(db) as store:
        article = get_article(store, article_id)
        versions = article_versions(store, article.id) if article else []
    if article is None:
        raise click.UsageError(f"no article with id '{article_id}' (see 'storyline articles')")
    record = article_record(article)
    record["earlier_versions"] = versions
    if as_json:
        _print_json(record)
        return
    published = article.published
    click.echo(f"{article.title}\n")
    click.echo(f"id:        {article.id} (version {article.version})")
    click.echo(f"from:      {article.url or article.location}")
    click.echo(f"outlet:    {article.outlet.name or 'unknown'} [{article.outlet.source}] "
               f"{article.outlet.evidence}")
    click.echo(f"language:  {article.language} ({article.language_confidence:.2f})")
    click.echo(f"published: {published.date or 'unknown'} [{published.source}, {published.estimate}, "
               f"confidence {published.confidence:.2f}]"
               + (f" not before {published.not_before}" if published.not_before else ""))
    if published.evidence:
        click.echo(f"           {published.evidence}")
    for flag in article.flags:
        click.echo(f"flag:      {flag.kind} {json.dumps(flag.evidence, ensure_ascii=False)}")
    click.echo(f"\n{article.text}")


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json",
              show_default=True)
@click.option("--table", type=click.Choice(["articles", "stories", "claims", "assertions",
                                            "relations"]), default="articles", show_default=True,
              help="Which list --format csv writes.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout).")
def export(db: str, fmt: str, table: str, out: Path | None) -> None:
    """Write the export contract (design.md) as JSON, JSON lines or CSV."""
    from storyline.export import build_export, to_csv, to_json, to_jsonl

    with open_store(db) as store:
        document = build_export(store)
    text = {"json": lambda: to_json(document), "jsonl": lambda: to_jsonl(document),
            "csv": lambda: to_csv(document[table])}[fmt]()
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("eval")
@click.argument("task")
@click.option("--data", required=True, type=click.Path(path_type=Path), help="The data set.")
@quiet_option
def eval_command(task: str, data: Path, quiet: bool) -> None:
    """Run one benchmark; its metrics are the last line of output, as JSON."""
    from storyline.evals import run_eval

    metrics = run_eval(task, data, progress=not quiet)
    click.echo(json.dumps(metrics, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()

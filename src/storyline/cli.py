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
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="STORYLINE_DB",
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
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)


executor_option = click.option(
    "--executor",
    type=click.Choice(["local", "ray"]),
    default=None,
    help="Ingest as sharded batch work on this executor ('ray' needs storyline[ray]); "
    "a re-run skips the shards already finished.",
)
shard_size_option = click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=None,
    help="Input files per shard of batch work [default: 50].",
)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@json_option
@quiet_option
@executor_option
@shard_size_option
def ingest(
    paths: tuple[str, ...],
    db: str,
    as_json: bool,
    quiet: bool,
    executor: str | None,
    shard_size: int | None,
) -> None:
    """Read articles from files, folders, feeds, WARC, JSONL or URL lists ('-' for stdin)."""
    from storyline.ingest.run import ingest_paths

    with open_store(db) as store:
        if executor or shard_size:
            from storyline.batch import DEFAULT_SHARD_SIZE, ingest_batch

            report = ingest_batch(
                store,
                paths,
                executor or "local",
                shard_size or DEFAULT_SHARD_SIZE,
                progress=not quiet,
            )
        else:
            report = ingest_paths(store, paths, progress=not quiet)
    _report_ingest(report, as_json)
    sys.exit(1 if report.errors else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@json_option
@quiet_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for the stages' per-article steps (with --executor ray: CPUs of a local "
    "Ray instance); 1 runs everything in this process.  [default: the number of cores]",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "ray"]),
    default=None,
    help="Run the whole flow as sharded batch work on this executor ('ray' needs "
    "storyline[ray]): ingest too is cut into shards, and a re-run skips those finished.",
)
@click.option(
    "--address",
    default=None,
    help="With --executor ray: the Ray instance to join (workers must reach the store).",
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=None,
    help="Articles per shard of a stage's per-article step, and with --executor input files "
    "per shard of ingest.  [default: 50 inputs; articles split evenly, at most 50]",
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one self-contained HTML report per story into this folder.",
)
def analyze(
    paths: tuple[str, ...],
    db: str,
    as_json: bool,
    quiet: bool,
    workers: int | None,
    executor: str | None,
    address: str | None,
    shard_size: int | None,
    report_dir: Path | None,
) -> None:
    """Ingest what is given and run every analysis stage over the store.

    The stages' per-article steps (text, embeddings, story profiles, claims) run in --workers
    processes; the steps across the store (stories, alignment, provenance) run after them here.
    """
    from storyline.executors import default_workers
    from storyline.pipeline import analyze_paths

    if address and executor != "ray":
        raise click.UsageError("--address is for --executor ray")
    with open_store(db) as store:
        if executor:
            from storyline.batch import analyze_batch

            result = analyze_batch(store, paths, executor, shard_size, not quiet, workers, address)
        else:
            result = analyze_paths(
                store, paths, not quiet, workers or default_workers(), shard_size
            )
        reports = []
        if report_dir:
            from storyline.report import write_story_reports

            reports = write_story_reports(store, report_dir)
    if as_json:
        _print_json({**result.as_dict(), "reports": [str(path) for path in reports]})
    else:
        _report_ingest(result.ingest, False)
        for line in result.summary_lines():
            click.echo(line)
        for path in reports:
            click.echo(f"report: {path}")
    for line in result.stages.errors:
        click.echo(f"error: {line}", err=True)
    sys.exit(1 if result.failed else 0)


@main.command()
@click.argument("source")
@db_option
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds between two looks.",
)
@click.option("--once", is_flag=True, help="Analyse what is there now, then exit.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article (JSON Lines).")
def watch(source: str, db: str, interval: float, once: bool, as_json: bool) -> None:
    """Analyse articles as they arrive in a folder (new or changed files) or a feed URL, as
    'analyze' does: one line per new article with its story. Stop with Ctrl-C."""
    from storyline.watch import watch as watch_source

    failed = False
    with open_store(db) as store:
        try:
            for look in watch_source(store, source, interval, once):
                for arrival in look.arrivals:
                    if as_json:
                        click.echo(json.dumps(arrival.as_dict(), ensure_ascii=False))
                    else:
                        story = (
                            f"story {arrival.story_id} ({arrival.story_size}) "
                            f"{arrival.story_title[:60]}"
                            if arrival.story_id
                            else "no story"
                        )
                        changed = " (new version)" if arrival.new_version else ""
                        click.echo(f"{arrival.article_id}{changed}  {story}  <- {arrival.location}")
                for error in look.errors:
                    click.echo(f"error: {error}", err=True)
                failed = failed or look.failed
        except KeyboardInterrupt:
            pass
    sys.exit(1 if failed else 0)


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
        estimate = article.published.estimate
        marker = "" if estimate == "stated" else f" ({estimate})"
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
    click.echo(
        f"outlet:    {article.outlet.name or 'unknown'} [{article.outlet.source}] "
        f"{article.outlet.evidence}"
    )
    click.echo(f"language:  {article.language} ({article.language_confidence:.2f})")
    click.echo(
        f"published: {published.date or 'unknown'} [{published.source}, "
        f"{published.estimate}, confidence {published.confidence:.2f}]"
        + (f" not before {published.not_before}" if published.not_before else "")
    )
    if published.evidence:
        click.echo(f"           {published.evidence}")
    for flag in article.flags:
        click.echo(f"flag:      {flag.kind} {json.dumps(flag.evidence, ensure_ascii=False)}")
    click.echo(f"\n{article.text}")


# --- claims: who says what (claims helper) ---
def _chain_text(claim: dict[str, Any]) -> str:
    links = [link for link in claim["attribution"] if not link.get("implicit")]
    named = [
        f"{link['name']} ({link['kind']}{', ' + link['role'] if link.get('role') else ''})"
        for link in links
    ]
    return " -> ".join(named) or "(the article itself)"


@main.command()
@click.argument("article_id")
@db_option
@json_option
def claims(article_id: str, db: str, as_json: bool) -> None:
    """The claims of one article: text, attribution chain, modality, polarity, event date."""
    from storyline.claims import article_claims
    from storyline.store.articles import get_article

    with open_store(db) as store:
        if get_article(store, article_id) is None:
            raise click.UsageError(f"no article with id '{article_id}' (see 'storyline articles')")
        found = article_claims(store, article_id)
    if as_json:
        _print_json(found)
        return
    for claim in found:
        when = (claim["event_date"] or {}).get("value")
        click.echo(
            f"{claim['id']}  [{claim['modality']}, {claim['polarity']}]  {_chain_text(claim)}"
            + (f"  event {when}" if when else "")
        )
        click.echo(f"    {claim['text']}")


def _other_spellings(named: dict[str, Any]) -> str:
    """'  (also X, Y)' for a source's or entity's spellings besides its name, else ''."""
    others = [alias for alias in named["aliases"] if alias != named["name"]]
    return f"  (also {', '.join(others)})" if others else ""


@main.command()
@db_option
@json_option
def sources(db: str, as_json: bool) -> None:
    """Every source, across spellings and scripts, with the claims attributed to it."""
    from storyline.claims import list_sources

    with open_store(db) as store:
        found = list_sources(store)
    if as_json:
        _print_json(found)
        return
    for source in found:
        click.echo(
            f"{source['id']}  {source['kind']}  {source['name']}{_other_spellings(source)}"
            + f"  {len(source['claims'])} claims"
        )
        for claim in source["claims"]:
            click.echo(f"    [{claim['modality']}, {claim['polarity']}] {claim['text'][:100]}")


@main.command()
@db_option
@json_option
def entities(db: str, as_json: bool) -> None:
    """People, organisations and places named, with their spellings and dated roles."""
    from storyline.claims import list_entities

    with open_store(db) as store:
        found = list_entities(store)
    if as_json:
        _print_json(found)
        return
    for entity in found:
        roles = "; ".join(f"{r['role']} ({r['date'] or 'undated'})" for r in entity["roles"])
        click.echo(
            f"{entity['id']}  {entity['kind']}  {entity['name']}{_other_spellings(entity)}"
            + (f"  roles: {roles}" if roles else "")
        )


# --- end claims ---


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "parquet"]),
    default="json",
    show_default=True,
    help="parquet writes one LIST.parquet per contract list into the --out folder.",
)
@click.option(
    "--table",
    type=click.Choice(["articles", "stories", "claims", "assertions", "relations"]),
    default="articles",
    show_default=True,
    help="Which list --format csv writes.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="File (default stdout); for --format parquet, a folder.",
)
def export(db: str, fmt: str, table: str, out: Path | None) -> None:
    """Write the export contract (design.md) as JSON, JSON lines, CSV or Parquet."""
    from storyline.export import build_export, to_csv, to_json, to_jsonl

    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet writes a folder of files: give --out FOLDER")
    if fmt != "parquet" and out is not None and out.is_dir():
        raise click.UsageError(f"--out '{out}' is a folder: give a file name for --format {fmt}")
    with open_store(db) as store:
        document = build_export(store)
    if fmt == "parquet":
        from storyline.export_parquet import write_parquet

        for written in write_parquet(document, out):
            click.echo(f"wrote {written}", err=True)
        return
    text = {
        "json": lambda: to_json(document),
        "jsonl": lambda: to_jsonl(document),
        "csv": lambda: to_csv(document[table]),
    }[fmt]()
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; anything but loopback needs a token.",
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--token",
    envvar="STORYLINE_TOKEN",
    default=None,
    help="Required on every request (Bearer header or ?token=); env STORYLINE_TOKEN.",
)
@click.option("-o", "--open", "open_browser", is_flag=True, help="Open the workbench in a browser.")
def serve(db: str, host: str, port: int, token: str | None, open_browser: bool) -> None:
    """Serve the analyst's workbench (web pages and their JSON twins) over one store."""
    from storyline.web import serve as serve_workbench

    serve_workbench(db, host=host, port=port, token=token, open_browser=open_browser)


@main.command()
@click.argument("story_id")
@db_option
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The report file to write.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
    help="One self-contained HTML file, or Markdown.",
)
def report(story_id: str, db: str, out: Path, fmt: str) -> None:
    """Write one story (timeline, assertion matrix, provenance, flags) as a report file."""
    from storyline.report import write_report

    with open_store(db) as store:
        written = write_report(store, story_id, out, fmt)
    click.echo(f"wrote {written}", err=True)


@main.command()
@db_option
@json_option
def stories(db: str, as_json: bool) -> None:
    """List stories: id, size, languages, date span, title."""
    from storyline.stories import list_stories

    with open_store(db) as store:
        found = list_stories(store)
    if as_json:
        _print_json(found)
        return
    for story in found:
        span = f"{story['first_date'] or '?'}..{story['last_date'] or '?'}"
        click.echo(
            f"{story['id']}  {story['size']:>3} articles  {','.join(story['languages'])}  "
            f"{span}  {story['title'][:70]}"
        )


@main.command()
@click.argument("story_id")
@db_option
@json_option
def story(story_id: str, db: str, as_json: bool) -> None:
    """One story: its articles, with their copies and translations."""
    from storyline.stories import story_record

    with open_store(db) as store:
        record = story_record(store, story_id)
    if record is None:
        raise click.UsageError(f"no story with id '{story_id}' (see 'storyline stories')")
    if as_json:
        _print_json(record)
        return
    click.echo(f"{record['title']}\n\nid: {record['id']}")
    for article in record["articles"]:
        flags = " ".join(f"[{flag['kind']}]" for flag in article["flags"])
        click.echo(
            f"  {article['id']}  {article['published'] or '?'}  {article['language']}  "
            f"{article['outlet'] or '(unknown outlet)'}  {article['title'][:60]} {flags}"
        )
    for copy in record["copies"]:
        click.echo(f"  {copy['from']} {copy['kind']} {copy['to']} (score {copy['score']:.2f})")
    for related in record["related_stories"]:
        click.echo(f"  related story: {related}")


@main.command()
@click.argument("article_id")
@db_option
@json_option
@click.option("--count", default=10, show_default=True, help="How many neighbours.")
def similar(article_id: str, db: str, as_json: bool, count: int) -> None:
    """The articles most likely about the same event as one article (learned similarity over
    its nearest neighbours in the story index)."""
    from storyline.store.articles import get_article
    from storyline.stories import similar_articles

    with open_store(db) as store:
        article = get_article(store, article_id)
        if article is None:
            raise click.UsageError(f"no article with id '{article_id}' (see 'storyline articles')")
        found = similar_articles(store, article.id, count)
    if as_json:
        _print_json(found)
        return
    for other in found:
        click.echo(
            f"{other['id']}  {other['similarity']:.3f}  {other['language']}  "
            f"story {other['story_id']}  {other['title'][:60]}"
        )


@main.command()
@db_option
def recluster(db: str) -> None:
    """Re-cluster every article into stories in one batch (after bulk loads)."""
    from storyline.stories import recluster as recluster_store

    with open_store(db) as store:
        click.echo(recluster_store(store))


# --- the analyst's corrections ---
def _default_analyst() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("kind")
@click.argument("values", nargs=-1, required=True)
@db_option
@click.option("--reason", default="", help="Why: shown beside the corrected finding.")
@click.option("--by", "by", default=None, help="Who corrects [default: your user name].")
def correct(kind: str, values: tuple[str, ...], db: str, reason: str, by: str | None) -> None:
    """Correct the machine: KIND TARGET VALUE (outlet, published, language, title ARTICLE VALUE;
    story ARTICLE STORY|new; relation add|remove KIND FROM TO; polarity, modality, event_date
    CLAIM VALUE; stance ASSERTION ARTICLE STANCE; flag confirm|dismiss ARTICLE KIND).
    Prints the correction's id; every later analyze keeps it."""
    from storyline.corrections import correct as record

    with open_store(db) as store:
        correction = record(store, kind, values, by or _default_analyst(), reason)
    click.echo(correction.id)


@main.group(invoke_without_command=True)
@db_option
@json_option
@click.pass_context
def corrections(ctx: click.Context, db: str, as_json: bool) -> None:
    """List the corrections (active, undone, superseded); 'export' and 'import' share them."""
    if ctx.invoked_subcommand is not None:
        return
    from storyline.corrections import list_corrections

    with open_store(db) as store:
        found = [c.as_record() for c in list_corrections(store)]
    if as_json:
        _print_json(found)
        return
    for record in found:
        value = record["value"]
        click.echo(
            f"{record['id']}  {record['state']:<10}  {record['at']}  {record['by']}  "
            f"{record['field']} {json.dumps(record['target'], ensure_ascii=False)} -> "
            f"{json.dumps(value, ensure_ascii=False)}"
            + (f"  ({record['reason']})" if record["reason"] else "")
        )


@corrections.command("export")
@db_option
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def corrections_export(db: str, out: Path) -> None:
    """Write the active corrections as JSON, for another store to import."""
    from storyline.corrections import export_corrections

    with open_store(db) as store:
        document = export_corrections(store)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    click.echo(f"wrote {len(document['corrections'])} corrections to {out}", err=True)


@corrections.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def corrections_import(file: Path, db: str) -> None:
    """Record the corrections of an exported file that this store lacks."""
    from storyline.corrections import CorrectionError, import_corrections

    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorrectionError(f"cannot read '{file}': {error}") from error
    with open_store(db) as store:
        counts = import_corrections(store, document)
    click.echo(json.dumps(counts))


@main.command()
@click.argument("correction_id")
@db_option
def uncorrect(correction_id: str, db: str) -> None:
    """Undo a correction: the machine's value comes back."""
    from storyline.corrections import undo_correction

    with open_store(db) as store:
        correction = undo_correction(store, correction_id)
    click.echo(f"{correction.id} undone")


@main.command("eval")
@click.argument("task")
@click.option("--data", required=True, type=click.Path(path_type=Path), help="The data set.")
@quiet_option
def eval_command(task: str, data: Path, quiet: bool) -> None:
    """Run one benchmark; its metrics are the last line of output, as JSON."""
    from storyline.evals import run_eval

    metrics = run_eval(task, data, progress=not quiet)
    click.echo(json.dumps(metrics, ensure_ascii=False, sort_keys=True))


# --- training the shipped models (stance helper) ---
@main.group()
def train() -> None:
    """Rebuild a shipped model from the public training sets."""


@train.command("stance")
@click.option(
    "--bench",
    default="../shared/bench",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding fnc1/, ans/ and tatoeba/ (and arc/, unifiedfc/) as published.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the heads (default: the package's artifacts/stance).",
)
@click.option(
    "--corrections",
    "corrections_db",
    default=None,
    help="A store whose analysts' corrected stances and claim relations join the training "
    "pairs (counted under 'corrections' in the report).",
)
@click.option(
    "--also",
    multiple=True,
    type=click.Choice(["arc", "unifiedfc"]),
    help="Add a set the shipped heads leave out: arc (to every FNC-1 head), unifiedfc (to "
    "the cross-language body head). Repeatable.",
)
@quiet_option
def train_stance_command(
    bench: Path, out: Path | None, corrections_db: str | None, also: tuple[str, ...], quiet: bool
) -> None:
    """Train the stance heads (FNC-1, ANS and their variants); prints dev scores (FNC-1, ARC,
    ANS, UnifiedFC, claim pairs) as JSON."""
    from storyline.stance.predict import artifact_dir
    from storyline.stance.train import train_stance

    report = train_stance(
        bench, out or artifact_dir(), progress=not quiet, corrections=corrections_db, also=also
    )
    click.echo(json.dumps(report, ensure_ascii=False, sort_keys=True))


@train.command("similarity")
@click.option(
    "--bench",
    default="../shared/bench",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding semeval22t8/ and ecbplus_docs_dev.jsonl as published.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the models (default: the package's artifacts/similarity).",
)
@click.option(
    "--encoder",
    "encoders",
    multiple=True,
    default=("use",),
    show_default=True,
    help="Encoder whose vectors a model reads (use, e5, e5+use); repeat for several.",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the cached encodings of the training texts "
    "(default: storyline-similarity-cache in the temporary folder).",
)
@click.option(
    "--stories",
    multiple=True,
    default=("benchmarks/stories/dev", "benchmarks/stories/later"),
    show_default=True,
    help="Folder of story corpora (../shared/storyset.md) whose pairs join the training; "
    "repeat for several, 'none' for the public sets alone.",
)
@click.option(
    "--ablations", is_flag=True, help="Print cross-validated scores without each feature group."
)
@quiet_option
def train_similarity_command(
    bench: Path,
    out: Path | None,
    encoders: tuple[str, ...],
    cache: Path | None,
    stories: tuple[str, ...],
    ablations: bool,
    quiet: bool,
) -> None:
    """Train the article-similarity model(s); prints cross-validated scores as JSON."""
    from storyline.stories.similarity import artifact_dir
    from storyline.stories.similarity_train import DEFAULT_CACHE, train_similarity
    from storyline.stories.similarity_train import ablations as run_ablations

    cache = cache or DEFAULT_CACHE
    corpora = [Path(folder) for folder in stories if folder != "none"]
    if ablations:
        report = {name: run_ablations(bench, name, cache, not quiet, corpora) for name in encoders}
    else:
        report = train_similarity(bench, out or artifact_dir(), encoders, cache, not quiet, corpora)
    click.echo(json.dumps(report, ensure_ascii=False, sort_keys=True))


@train.command("attribution")
@click.option(
    "--bench",
    default="../shared/bench",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding polnear/train as published.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the cue model (default: the package's artifacts/attribution/cues.json).",
)
@click.option(
    "--every",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Train on every N-th training document (parsing all 840 takes a while).",
)
@quiet_option
def train_attribution_command(bench: Path, out: Path | None, every: int, quiet: bool) -> None:
    """Train the English attribution cue model on PolNeAR train; prints its summary as JSON."""
    from storyline.claims.train_cues import train_attribution

    report = train_attribution(bench, out, every=every, progress=not quiet)
    click.echo(json.dumps(report, ensure_ascii=False, sort_keys=True))


@train.command("ner")
@click.option(
    "--bench",
    default="../shared/bench",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding ner/anercorp/ and ner/turkish-wiki/ as published.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["ar", "tr", "all"]),
    default="all",
    show_default=True,
    help="Which tagger to train.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the taggers (default: the package's artifacts/ner).",
)
@click.option(
    "--limit", type=int, help="Read only the first N sentences of each file (a quick run)."
)
@quiet_option
def train_ner_command(
    bench: Path, language: str, out: Path | None, limit: int | None, quiet: bool
) -> None:
    """Train the Arabic and Turkish entity taggers; prints dev scores as JSON."""
    from storyline.ner.tagger import LANGUAGES, artifact_dir
    from storyline.ner.train import train_ner

    languages = LANGUAGES if language == "all" else (language,)
    report = train_ner(bench, out or artifact_dir(), languages, limit, progress=not quiet)
    click.echo(json.dumps(report, ensure_ascii=False, sort_keys=True))


# --- alignment and provenance: assertions, drift, timeline (alignment helper) ---
STANCE_MARKS = {"supports": "+", "denies": "x", "reports-without-endorsing": "r", "unrelated": "."}


@main.command()
@click.argument("story_id")
@db_option
@json_option
def assertions(story_id: str, db: str, as_json: bool) -> None:
    """A story's assertions x its articles: + supports, x denies, r reports without endorsing,
    h reports with a hedge, . unrelated."""
    from storyline.alignment import assertion_matrix

    with open_store(db) as store:
        matrix = assertion_matrix(store, story_id)
    if as_json:
        _print_json(matrix)
        return
    for number, article in enumerate(matrix["articles"], 1):
        click.echo(
            f"{number:>3}  {article['id']}  {article.get('published_date') or 'undated':<10}  "
            f"{article.get('language') or '?'}  {article.get('outlet') or '(unknown outlet)'}  "
            f"{(article.get('title') or '')[:50]}"
        )
    for row in matrix["assertions"]:
        marks = "".join(
            "h" if c["hedged"] and c["stance"] != "denies" else STANCE_MARKS[c["stance"]]
            for c in row["cells"]
        )
        origin = row["origin"] or {}
        source = f"  [origin: {origin.get('source')}, {origin.get('date')}]" if origin else ""
        click.echo(f"{marks}  {row['id']}  {row['label']}{source}")


@main.command()
@click.argument("article_a")
@click.argument("article_b")
@db_option
@json_option
def drift(article_a: str, article_b: str, db: str, as_json: bool) -> None:
    """What changed from ARTICLE_A (the original) to ARTICLE_B: numbers, cited sources,
    entities, roles, dates, and claims dropped or added."""
    from storyline.alignment import drift_between

    with open_store(db) as store:
        found = drift_between(store, article_a, article_b)
    if as_json:
        _print_json(found)
        return
    for relation in found:
        evidence = relation["evidence"]
        click.echo(
            f"{evidence['aspect']:<9} {evidence.get('from_value')!s:.60} -> "
            f"{evidence.get('to_value')!s:.60}"
        )


@main.command()
@click.argument("story_id")
@db_option
@json_option
def timeline(story_id: str, db: str, as_json: bool) -> None:
    """A story's dated events and its reports in date order, with date flags."""
    from storyline.provenance import story_timeline

    with open_store(db) as store:
        found = story_timeline(store, story_id)
    if as_json:
        _print_json(found)
        return
    for event in found["events"]:
        click.echo(f"event   {event['date']:<10}  {event['label']}")
    for report in found["reports"]:
        published = report["published"]
        flags = ", ".join(f["kind"] for f in report["flags"])
        click.echo(
            f"report  {published['date'] or 'unknown':<10}  {report['id']}  "
            f"{report['outlet'] or '(unknown outlet)'}  {report['title'][:60]}"
            + (f"  [{flags}]" if flags else "")
        )


@main.command()
@click.argument("story_id")
@db_option
@json_option
def provenance(story_id: str, db: str, as_json: bool) -> None:
    """Where a story's assertions come from: origin, independent origins, copies, date flags."""
    from storyline.provenance import story_provenance

    with open_store(db) as store:
        found = story_provenance(store, story_id)
    if as_json:
        _print_json(found)
        return
    for assertion in found["assertions"]:
        origin = assertion["origin"] or {}
        click.echo(
            f"{assertion['id']}  {assertion['label']}\n    origin: {origin.get('source')} "
            f"({origin.get('date')}), {assertion['independent_origins']} independent origin(s)"
        )
    for link in found["copies"]:
        click.echo(f"{link['kind']:<15} {link['from']} -> {link['to']}")
    for flag in found["flags"]:
        click.echo(f"{flag['kind']:<15} {flag['article_id']}  {flag['evidence'].get('reason')}")
    for change in found["role_changes"]:
        here = "; ".join(f"{r['role']} ({r['date']})" for r in change["here"])
        elsewhere = "; ".join(f"{r['role']} ({r['date']})" for r in change["elsewhere"])
        click.echo(f"role            {change['entity']}: {here} here; {elsewhere} elsewhere")


if __name__ == "__main__":
    main()

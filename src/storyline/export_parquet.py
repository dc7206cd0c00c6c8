"""The export contract as Parquet: one file per contract list, nested fields as JSON text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError, missing_extra
from storyline.export import CONTRACT_LISTS

JSON_COLUMN = {b"storyline.encoding": b"json"}


def _column(values: list[Any]) -> tuple[list[Any], bool]:
    """A column's values and whether they are JSON text. Scalars stay typed; a column holding
    any dict or list is written as JSON, because evidence and attribution records differ in
    shape from one row to the next; a column mixing text with other scalars is written as text."""
    if any(isinstance(v, dict | list) for v in values):
        encoded = [
            None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True) for v in values
        ]
        return encoded, True
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) > 1 and not kinds <= {int, float}:
        return [None if v is None else str(v) for v in values], False
    return values, False


def table_of(records: list[dict[str, Any]]) -> Any:
    """One contract list as a pyarrow table, columns in first-seen order; JSON-encoded columns
    carry the field metadata {"storyline.encoding": "json"}."""
    try:
        import pyarrow as pa
    except ImportError as error:
        raise missing_extra("pyarrow", "parquet") from error
    columns = list(dict.fromkeys(key for record in records for key in record))
    if not columns:
        return pa.table({"id": pa.array([], type=pa.string())})
    arrays, fields = [], []
    for key in columns:
        values, is_json = _column([r.get(key) for r in records])
        array = pa.array(values)
        arrays.append(array)
        fields.append(pa.field(key, array.type, metadata=JSON_COLUMN if is_json else None))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(document: dict[str, list[dict[str, Any]]], folder: Path) -> list[Path]:
    """Write `folder/<list>.parquet` for every contract list (empty lists too, so a reader
    finds all five); each file appears whole or not at all."""
    try:
        import pyarrow.parquet as pq
    except ImportError as error:
        raise missing_extra("pyarrow", "parquet") from error
    if folder.exists() and not folder.is_dir():
        raise StorylineError(f"cannot write Parquet into '{folder}': it is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in dict.fromkeys([*CONTRACT_LISTS, *document]):
        target = folder / f"{name}.parquet"
        part = target.with_name(target.name + ".part")
        try:
            pq.write_table(table_of(document.get(name, [])), part)
            part.replace(target)
        except OSError as error:
            raise StorylineError(f"cannot write '{target}': {error}") from error
        written.append(target)
    return written

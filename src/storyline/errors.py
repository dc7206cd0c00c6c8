"""The error families storyline raises: every failure a user can see is one of these."""

from __future__ import annotations


class StorylineError(Exception):
    """Root of every error storyline raises on purpose."""


class IngestError(StorylineError):
    """An input could not be read or turned into an article; names the input and the problem."""

    def __init__(self, location: str, problem: str) -> None:
        super().__init__(f"cannot ingest '{location}': {problem}")
        self.location = location
        self.problem = problem

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        # Pickled by its fields, so errors travel back from batch workers intact.
        return (IngestError, (self.location, self.problem))


class StoreError(StorylineError):
    """The store could not be opened, migrated, read or written."""


class ConfigError(StorylineError):
    """A setting, option or environment value is missing or wrong."""


class ModelError(StorylineError):
    """A packaged model or trained artifact is missing or cannot be loaded."""


def missing_extra(package: str, extra: str) -> ConfigError:
    """The error for an optional dependency that is not installed."""
    return ConfigError(
        f"this needs the optional package '{package}': pip install 'storyline[{extra}]'"
    )

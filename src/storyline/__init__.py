"""storyline: reads the news the way a careful analyst does."""

__version__ = "0.1.0"

"""Ingest: reading news inputs of every kind into stored articles."""

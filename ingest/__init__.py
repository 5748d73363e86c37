"""Ingest: load files, parse front matter, chunk with offsets, embed, and sync them into the store."""

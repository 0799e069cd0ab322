"""Intake: how partners' routes come in, before the flow starts.

The submission template partners fill in (submission_template), ingest of
their files into an edition, all or nothing (ingest), a new edition's
edition.yml (new_edition), and synthetic editions for benchmarks (synthetic).
"""

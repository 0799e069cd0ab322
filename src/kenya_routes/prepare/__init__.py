"""Prepare: validated routes become publishable tables and figures.

Analysis (regions, corridors, rankings), figures and their reconciliation with
the source document, disclosure control, the publication allowlist and the
personal-details scanner; `prepared` builds an edition's publishable data and
is the one place it is written and read.
"""

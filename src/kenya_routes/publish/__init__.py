"""Publish: prepared data becomes the versioned website.

The orchestrator (build: validate, prepare, stage, execute, book, publish),
staging of each edition's Jupyter Book (stage), executing and rendering its
pages (execute), the build cache (cache), the theme's accessibility fixes
(theme), the security headers (headers) and the atomic swap of the published
site (site).
"""

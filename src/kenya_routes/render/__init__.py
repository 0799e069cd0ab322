"""Render: prepared data becomes what readers see and download.

Markdown pages (markdown), the elements notebooks put on pages (page: maps,
charts, tables, each with its downloads), the HTML templates they are made
from (html and templates/), the tables each page shows (views), and the one
escaping module every value passes through (escape).
"""

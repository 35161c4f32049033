"""The transfers app: flows, legal tools, rules, assessments, documents and data subjects'
requests, one package per subject (see the README's layout table). The app label stays
``transfers`` for every model, whichever package declares it."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
"""The legal texts and reference data shipped as files (YAML, Markdown, JSON), with their
sources and dates; the tables in the admin are loaded from them."""

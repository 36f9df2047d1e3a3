"""Benchmarks run with ``make bench`` (``python -m tests.benchmarks``); not collected by pytest."""

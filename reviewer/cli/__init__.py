"""The ``reviewer`` command: the core, for scripting and headless use (``main``), and the window's
launcher without a console (``open_window``)."""
from reviewer.cli.main import build_parser, console, main, open_window

__all__ = ["build_parser", "console", "main", "open_window"]

"""Errors the user is meant to read: each carries a translated, one-line message."""
from __future__ import annotations


class ReviewerError(Exception):
    """A failure caused by the user's input or environment, never by a bug."""


class DocumentError(ReviewerError):
    """A file that cannot be read as a draft; ``code`` names the reason for tests and logs."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code

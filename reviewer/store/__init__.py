"""The review database: the only place with SQL.

``Store`` is the everyday store (drafts, comments, groups, conference settings, search);
``store.exchange`` is what moving comments between laptops needs. Every limit and check shared
with importers is in :mod:`reviewer.store.rules`.
"""
from reviewer.store.database import DatabaseError, default_path, needs_upgrade
from reviewer.store.exchange_records import ExchangeRecords
from reviewer.store.records import Comment, NotFoundError, ValidationError, utc_now
from reviewer.store.rules import (
    CONFERENCE_KEYS,
    MAX_GROUPS,
    MAX_NAME,
    MAX_SUPPORTERS,
    MAX_TEXT,
    validate_comment,
    validate_name,
)
from reviewer.store.samples import seed_sample_comments
from reviewer.store.store import Store
from reviewer.store.versions import CommentState, MergeSummary, Outcome, Version

__all__ = ["CONFERENCE_KEYS", "MAX_GROUPS", "MAX_NAME", "MAX_SUPPORTERS", "MAX_TEXT", "Comment", "CommentState",
           "DatabaseError", "ExchangeRecords", "MergeSummary", "NotFoundError", "Outcome", "Store", "ValidationError",
           "Version", "default_path", "needs_upgrade", "seed_sample_comments", "utc_now", "validate_comment",
           "validate_name"]

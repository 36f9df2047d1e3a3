"""A section's comments as readable cards: who, what kind, when, the quote, the text, and links
to act on each."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from reviewer.i18n import _, count, local_time
from reviewer.store import Comment
from reviewer.vocab import kind_label, status_label


def card_html(c: Comment, *, highlight: str = "") -> str:
    who = escape(c.group) + (f" · {escape(c.author)}" if c.author else "")
    when = local_time(c.updated_at)
    border = "#c0392b" if c.id == highlight else "#bbb"
    parts = [f'<table width="100%" cellpadding="6" style="border:1px solid {border}; margin-bottom:6px">'
             f'<tr><td><b>{who}</b> — <i>{escape(kind_label(c.kind))}</i>'
             f'<span style="color:#777"> · {escape(when)}</span>']
    if getattr(c, "conflict", False):
        parts.append(f'<br/><span style="color:#c0392b">⚠ {escape(_("Changed on two laptops at once"))}</span> '
                     f'<a href="resolve:{c.id}">{escape(_("Mark as checked"))}</a>')
    if c.quote:
        parts.append(f'<br/><span style="color:#555">“<i>{escape(c.quote)}</i>”</span>')
    parts.append(f"<br/>{escape(c.text).replace(chr(10), '<br/>')}")
    if c.proposal:
        parts.append(f"<br/><b>{escape(_('Proposed wording:'))}</b> {escape(c.proposal)}")
    extra = []
    if c.supporters:
        extra.append(count("{n} supporter", "{n} supporters", c.supporters))
    if c.status != "moi":
        extra.append(status_label(c.status) + (f": {c.response}" if c.response else ""))
    if extra:
        parts.append(f'<br/><span style="color:#555">{escape(" · ".join(extra))}</span>')
    parts.append(f'<br/><a href="edit:{c.id}">{escape(_("Edit"))}</a> &nbsp; '
                 f'<a href="delete:{c.id}">{escape(_("Delete"))}</a></td></tr></table>')
    return "".join(parts)


class CommentList(QTextBrowser):
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    resolve_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.comments: list[Comment] = []

    def show_comments(self, comments: list[Comment], *, highlight: str = "") -> None:
        self.comments = comments
        if not comments:
            self.setHtml(f'<p style="color:#777"><i>{escape(_("No comments on this section yet."))}</i></p>')
            return
        self.setHtml("".join(card_html(c, highlight=highlight) for c in comments))
        if highlight:
            self.scrollToAnchor(highlight)

    def _clicked(self, url: QUrl) -> None:
        action, _sep, comment_id = url.toString().partition(":")
        if action == "edit":
            self.edit_requested.emit(comment_id)
        elif action == "delete":
            self.delete_requested.emit(comment_id)
        elif action == "resolve":
            self.resolve_requested.emit(comment_id)

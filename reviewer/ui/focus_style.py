"""Where the keys are, plainly: the control that has the focus (a tab, a button, a check box, a list of
choices, a box of text) is framed in the window's blue, two pixels wide, as the outline and the section's
text are. The platform's own mark is faint or missing on some of them, and shows in a dialog only after Tab
was pressed there (found by fresh eyes: the tab bar, the consolidation's filters, "Show all" and a dialog's
first field gave no sign of the focus)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QProxyStyle, QStyle

FOCUS_COLOR = QColor("#2a6fdb")
_FRAMED = {QStyle.ControlElement.CE_TabBarTabShape, QStyle.ControlElement.CE_PushButton,
           QStyle.ControlElement.CE_ShapedFrame}


def _focused(option) -> bool:
    return bool(option.state & QStyle.StateFlag.State_HasFocus)


def _frame(painter: QPainter, rect) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(FOCUS_COLOR, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 3, 3)
    painter.restore()


class FocusStyle(QProxyStyle):
    """The platform's style, with a focus mark that can be seen."""

    def drawPrimitive(self, element, option, painter, widget=None):
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            # A list's current row is framed once the keys move in it: a click already shows the row chosen.
            if not isinstance(widget, QAbstractItemView) or option.state & QStyle.StateFlag.State_KeyboardFocusChange:
                _frame(painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)

    def drawControl(self, element, option, painter, widget=None):
        super().drawControl(element, option, painter, widget)
        if element in _FRAMED and _focused(option):
            tab = element == QStyle.ControlElement.CE_TabBarTabShape
            _frame(painter, option.rect.adjusted(2, 2, -2, 0) if tab else option.rect)

    def drawComplexControl(self, control, option, painter, widget=None):
        super().drawComplexControl(control, option, painter, widget)
        # A list of choices marks its focus by a tint of its border only.
        if control == QStyle.ComplexControl.CC_ComboBox and _focused(option):
            _frame(painter, option.rect)


def install(app: QApplication) -> None:
    if not isinstance(app.style(), FocusStyle):
        app.setStyle(FocusStyle())

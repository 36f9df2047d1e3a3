"""Where the keys are, plainly: once the keyboard moves the focus, the control that has it (a tab, a
button, a check box, a list of choices) is framed in the window's blue, two pixels wide, as the outline
and the section's text are. The platform's own mark is faint or missing on some of them (found by fresh
eyes: the tab bar and the consolidation's filters gave no sign of the focus)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

FOCUS_COLOR = QColor("#2a6fdb")


def _keyboard_focus(option) -> bool:
    wanted = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
    return (option.state & wanted) == wanted


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
            if option.state & QStyle.StateFlag.State_KeyboardFocusChange:
                _frame(painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)

    def drawControl(self, element, option, painter, widget=None):
        super().drawControl(element, option, painter, widget)
        # The current tab of a tab bar that has the focus: only tinted by the platform's style.
        if element == QStyle.ControlElement.CE_TabBarTabShape and _keyboard_focus(option):
            _frame(painter, option.rect.adjusted(2, 2, -2, 0))

    def drawComplexControl(self, control, option, painter, widget=None):
        super().drawComplexControl(control, option, painter, widget)
        # A list of choices marks its focus by a tint of its border only.
        if control == QStyle.ComplexControl.CC_ComboBox and _keyboard_focus(option):
            _frame(painter, option.rect)


def install(app: QApplication) -> None:
    if not isinstance(app.style(), FocusStyle):
        app.setStyle(FocusStyle())

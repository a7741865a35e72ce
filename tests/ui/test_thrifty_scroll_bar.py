"""``ThriftyScrollBar`` repaints where its thumb was and is, also when a tree view scrolled far asks for
the whole bar, and what the screen then shows is what a whole repaint shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem

from intercept_mapper.ui.thrifty_scroll_bar import ThriftyScrollBar


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.area = 0

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802, ANN001
        if event.type() == QEvent.Type.Paint:
            self.area += sum(r.width() * r.height() for r in event.region())
        return False


def _tree(qtbot) -> tuple[QTreeWidget, ThriftyScrollBar]:  # noqa: ANN001
    tree = QTreeWidget()
    bar = ThriftyScrollBar(Qt.Orientation.Vertical, tree)
    tree.setVerticalScrollBar(bar)
    tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    tree.addTopLevelItems([QTreeWidgetItem([f"Row {n}"]) for n in range(3000)])
    qtbot.addWidget(tree)
    tree.resize(300, 600)
    tree.show()
    qtbot.waitExposed(tree)
    QApplication.processEvents()
    return tree, bar


def _on_screen(bar: ThriftyScrollBar) -> QImage:
    QApplication.processEvents()
    where = QRect(bar.mapTo(bar.window(), QPoint(0, 0)), bar.size())
    return bar.screen().grabWindow(bar.window().winId()).toImage().copy(where)


def test_a_far_scroll_repaints_the_thumbs_two_places_not_the_whole_bar(qtbot) -> None:
    tree, bar = _tree(qtbot)
    tree.scrollToItem(tree.topLevelItem(1000))  # (a thumb leaving or reaching an end repaints it all)
    _on_screen(bar)
    paints = _Paints()
    bar.installEventFilter(paints)
    whole = bar.width() * bar.height()
    for row in (2500, 40, 1500, 2900, 100):  # far jumps: the tree view asks for the whole bar each time
        paints.area = 0
        tree.scrollToItem(tree.topLevelItem(row))
        shown = _on_screen(bar)
        assert 0 < paints.area < whole / 4, f"row {row}: {paints.area} of {whole} pixels repainted"
        assert not bar.testAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled)
        bar.repaint()
        assert shown == _on_screen(bar), f"row {row}: the bar differs from a whole repaint"
    paints.area = 0
    bar.update()  # its updates are its own again
    QApplication.processEvents()
    assert paints.area == whole


def test_a_value_set_again_or_a_range_change_holds_nothing(qtbot) -> None:
    tree, bar = _tree(qtbot)
    bar.setValue(bar.value())  # no new value is told: nothing may stay held
    assert not bar.testAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled)
    bar.blockSignals(True)  # nor when a new value is not told
    bar.setValue(bar.value() + 500)
    bar.blockSignals(False)
    assert not bar.testAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled)
    tree.addTopLevelItems([QTreeWidgetItem([f"More {n}"]) for n in range(50)])
    QApplication.processEvents()
    assert not bar.testAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled)
    shown = _on_screen(bar)
    bar.repaint()
    assert shown == _on_screen(bar)

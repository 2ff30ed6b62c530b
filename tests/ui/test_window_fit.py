"""Windows fit laptop screens, and keyboard jumps keep the focused field in view.

Each window is fitted (ui.window_fit) to the available area of a 1366×768, 1280×720 and
1024×640 screen; a window that overflows the area, or whose layout cannot shrink to it, fails.
One test runs a real process on an offscreen screen of 1366×768 to check the screen's own area
is the one used.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from glutedesk.storage.clients import get_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import clinic_settings
from glutedesk.storage.visit_loading import visits_for_client
from glutedesk.ui.input_guard import enclosing_scroll_area
from glutedesk.ui.style import apply_style
from glutedesk.ui.window_fit import fit_window, fitted_size, preferred_size
from tests.ui.conftest import TODAY

SCREENS = {"1366x768": QRect(0, 0, 1366, 768), "1280x720": QRect(0, 0, 1280, 720)}
SCREENS["1024x640"] = QRect(0, 0, 1024, 640)
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def fit_and_show(qtbot, window: QWidget, area: QRect) -> None:
    preferred = preferred_size(window)
    fit_window(window, preferred.width(), preferred.height(), area)
    if not window.isVisible():
        with qtbot.waitExposed(window):
            window.show()
    expected = fitted_size(preferred, area)
    # The layout let the window take the fitted size (it cannot shrink below its minimum).
    qtbot.waitUntil(lambda: window.size() == expected, timeout=5000)
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)


def in_view(widget: QWidget) -> bool:
    """``widget`` is shown in its scroll area's viewport (whole if it fits) and its window."""
    area = enclosing_scroll_area(widget)
    assert area is not None, widget
    viewport = area.viewport()
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    shown = rect.intersected(viewport.rect())
    in_window = QRect(viewport.mapTo(widget.window(), QPoint(0, 0)), viewport.size())
    if rect.height() <= viewport.height():
        vertical = shown.height() == rect.height()
    else:  # taller than the view (the body diagram): its top is shown, and most of the view
        vertical = rect.top() >= 0 and shown.height() >= viewport.height() // 2
    return (
        vertical
        and shown.width() >= min(rect.width(), viewport.width()) - 1
        and widget.window().rect().contains(in_window)
    )


@pytest.fixture(autouse=True)
def real_style(qapp):
    """Sizes as the therapist sees them: the app's own font, paddings and stylesheet (undone
    after each test by tests/ui/conftest.py)."""
    apply_style(qapp, dark=False)


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request) -> QRect:
    return SCREENS[request.param]


def test_the_main_window_fits_with_a_record_and_the_timeline_open(
    clinic, make_window, qtbot, screen
):
    window = make_window()
    assert window.client_list.select_client(clinic["Zoë"])
    fit_and_show(qtbot, window, screen)
    window.record_tabs.setCurrentIndex(1)  # the timeline, the widest page
    qtbot.waitUntil(lambda: window._timeline is not None, timeout=10000)
    fit_and_show(qtbot, window, screen)


def test_the_visit_editor_fits_and_its_bottom_panels_are_inside(clinic, make_editor, qtbot, screen):
    editor = make_editor(clinic["Zoë"])
    fit_and_show(qtbot, editor, screen)
    for panel in (editor.stack, editor.nav):
        corner = panel.mapTo(editor, QPoint(panel.width(), panel.height()))
        assert editor.rect().contains(corner - QPoint(1, 1))


def test_the_compare_window_fits_and_closes_with_esc_and_ctrl_w(clinic, file_db, qtbot, screen):
    from glutedesk.ui.timeline.compare import CompareMapsWindow

    visits = visits_for_client(file_db, clinic["Zoë"])
    for key, modifier in (
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, CTRL),
    ):
        window = CompareMapsWindow("Zoë", visits[0], visits[-1])
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        qtbot.addWidget(window)
        fit_and_show(qtbot, window, screen)
        with qtbot.waitActive(window):
            window.activateWindow()
        qtbot.keyClick(window.focusWidget() or window, key, modifier)
        qtbot.waitUntil(lambda w=window: not w.isVisible(), timeout=5000)


def test_the_forms_fit(clinic, file_db, qtbot, screen):
    from glutedesk.ui.client_form import ClientForm
    from glutedesk.ui.settings_dialog import SettingsDialog

    for form in (
        ClientForm(Clinic(file_db), get_client(file_db, clinic["Liam"]), today=lambda: TODAY),
        SettingsDialog(clinic_settings(file_db)),
    ):
        qtbot.addWidget(form)
        fit_and_show(qtbot, form, screen)


def test_keyboard_jumps_bring_the_focused_field_into_view(clinic, make_editor, qtbot, screen):
    editor = make_editor(clinic["Zoë"])
    fit_and_show(qtbot, editor, screen)

    def jump(key, modifier, check=None) -> QWidget:
        qtbot.keyClick(editor.focusWidget() or editor, key, modifier)
        focused = editor.focusWidget()
        assert focused is not None
        if check is not None:
            check(focused)
        qtbot.waitUntil(lambda: in_view(editor.focusWidget()), timeout=5000)
        return focused

    jump(Qt.Key.Key_PageDown, CTRL)  # pain map
    jump(Qt.Key.Key_PageDown, CTRL)  # objective: the first test's first field
    seen = {editor.focusWidget()}
    for _ in range(4):  # Ctrl+Down through the test battery
        seen.add(jump(Qt.Key.Key_Down, CTRL))
    assert len(seen) >= 4
    jump(Qt.Key.Key_P, ALT, lambda w: assert_is(w, editor.subjective.psfs.ratings[0]))
    jump(Qt.Key.Key_R, ALT, lambda w: assert_is(w, editor.subjective.red_flags.screened))
    editor.subjective.red_flags.screened.setChecked(False)


def assert_is(widget: QWidget, expected: QWidget) -> None:
    assert widget is expected or expected.isAncestorOf(widget)


def test_the_real_screen_area_is_used(tmp_path):
    """A real process on a 1366×768 offscreen screen: the windows open inside it."""
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    code = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from glutedesk.storage.clinic import Clinic
        from glutedesk.ui.main_window import MainWindow
        from glutedesk.ui.timeline.compare import CompareMapsWindow
        from tests.factories import make_visit
        import datetime as dt
        path = Path({str(tmp_path / "c.sqlite3")!r})
        db = Clinic.open(path)
        visit = make_visit("c1", dt.date(2026, 1, 4))
        out = {{}}
        for name, window in (("main", MainWindow(db, path)),
                             ("compare", CompareMapsWindow("A", visit, visit))):
            window.show()
            app.processEvents()
            g = window.frameGeometry()
            out[name] = [g.x(), g.y(), g.width(), g.height()]
        a = app.primaryScreen().availableGeometry()
        out["area"] = [a.x(), a.y(), a.width(), a.height()]
        print(json.dumps(out))
        """
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=240
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["area"] == [0, 0, 1366, 768]
    area = QRect(*out["area"])
    for name in ("main", "compare"):
        assert area.contains(QRect(*out[name])), (name, out[name])
    assert out["compare"][2] < 1500  # it asked for 1500 px and was shrunk to the screen


def test_a_clicked_problem_brings_its_field_into_view(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    fit_and_show(qtbot, editor, SCREENS["1024x640"])
    editor.go_to(2)  # away from Subjective, where the red-flag warning points
    qtbot.waitUntil(lambda: editor.issues.count() > 0, timeout=5000)
    rows = [
        editor.issues.item(i)
        for i in range(editor.issues.count())
        if editor.issues.item(i).data(Qt.ItemDataRole.UserRole) is not None
    ]
    assert rows, "the new visit lists at least one problem that points to a section"
    target = int(rows[0].data(Qt.ItemDataRole.UserRole))
    where = editor.issues.visualItemRect(rows[0]).center()
    qtbot.mouseClick(editor.issues.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: editor.current_section() == target, timeout=5000)
    qtbot.waitUntil(lambda: in_view(editor.focusWidget()), timeout=5000)


def test_no_editor_page_scrolls_sideways(clinic, make_editor, qtbot, screen):
    """Every section fits the editor's width: long labels and options wrap or shrink."""
    editor = make_editor(clinic["Zoë"])
    fit_and_show(qtbot, editor, screen)
    wide = []
    for index, section in enumerate(editor.sections):
        editor.go_to(index)
        area = enclosing_scroll_area(section)
        qtbot.waitUntil(lambda a=area: a.widget().width() > 0)
        if area.horizontalScrollBar().maximum() > 0:
            wide.append((section.title, area.widget().minimumSizeHint().width()))
    assert wide == [], (wide, screen)

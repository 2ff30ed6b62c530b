"""What opening the visit editor does once, and not twice (each pass costs the therapist's
wait at every Ctrl+N)."""

from __future__ import annotations

from glutedesk.ui.visit_editor import editor as editor_module


def test_the_live_checks_run_once_as_the_editor_opens_and_show_the_current_problems(
    clinic, make_editor, monkeypatch
):
    calls: list[object] = []
    real = editor_module.visit_problems

    def counted(visit, **kwargs):
        calls.append(visit)
        return real(visit, **kwargs)

    monkeypatch.setattr(editor_module, "visit_problems", counted)
    editor = make_editor(clinic["Zoë"])  # a new visit, copied forward
    assert len(calls) == 1
    assert calls[0] == editor.collect()
    shown = [(p.field, p.message) for p in editor._problems]
    assert shown == [(p.field, p.message) for p in editor.problems()]

"""The clickable anatomical body diagram for marking pain (back and front views).

Public API (agreed with the visit editor): :class:`BodyDiagram`.
"""

from glutedesk.ui.body_diagram.widget import BodyDiagram

__all__ = ["BodyDiagram"]

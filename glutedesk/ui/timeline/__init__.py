"""The client's timeline: visits in order with their key figures, progress charts, body-map
compare.

Public API (agreed): :class:`TimelineView` with ``set_client(client_id)``, ``refresh()`` and
the ``visit_activated(str)`` signal.
"""

from glutedesk.ui.timeline.view import TimelineView

__all__ = ["TimelineView"]

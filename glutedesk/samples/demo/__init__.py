"""The demo clinic (``glutedesk demo``): a couple of dozen clients with deliberate cases."""

from glutedesk.samples.demo.clinic import DemoSummary, build_demo_clinic

__all__ = ["DemoSummary", "build_demo_clinic"]

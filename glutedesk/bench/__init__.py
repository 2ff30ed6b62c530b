"""``glutedesk bench``: how fast GluteDesk is on a large clinic, against its targets.

:mod:`glutedesk.bench.runner` builds the clinic and runs the measurements;
:mod:`glutedesk.ui.bench_probe` is the measured app process (started fresh for each launch;
it lives in ui because only ui imports Qt);
:mod:`glutedesk.bench.targets` holds the targets. This package imports nothing at start-up,
so starting a probe costs the same as starting any module.
"""

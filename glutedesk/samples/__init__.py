"""Realistic sample clinics, made from a seed: the same seed always gives the same clinic.

:mod:`glutedesk.samples.demo` is the small demo clinic (``glutedesk demo``) with its
deliberate clinical cases; :mod:`glutedesk.samples.large` is the benchmark's clinic of
thousands of clients. Both store their records through the row mappers of
:mod:`glutedesk.storage.row_mappers`, as ``save_visit`` does, and share the drawing of
findings in :mod:`glutedesk.samples.findings` and the names and places of
:mod:`glutedesk.samples.text`.
"""

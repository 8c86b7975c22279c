"""Courses (C-2 … C-19): the annual schedule, cohorts and their listeners, attendance, scores,
decisions, trainers, test banks and surveys; scoring and results.

Loaders turn the public tables (``data/schedule/<year>.csv``, ``data/trainers.csv``) and the private
tree (``<private>/cohorts/<cohort>/*.csv``, ``<private>/trainers.csv``, ``<private>/programs/<id>/
tests.<lang>.yml``, ``<private>/surveys/<cohort>/<kind>.csv``) into frozen dataclasses that remember
their file and line. Checks in ``ustaz/checks/course_*.py`` read them; ``ustaz.courses.results``
computes each listener's outcome for the certificates.
"""

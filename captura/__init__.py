"""Captura: turns conversations into clean, consented sales leads.

This package holds what sits between the doors and the store: configuration,
the intake path (draft, consent rules, submit, the rq job), logging, i18n and
the ``captura`` command.
"""

"""The periodic audit's memory: what changed since last time, and the accepted risks.

``store`` is the SQLite history, ``changes`` the pure new/persisting/resolved rules, and
``periodic`` the step ``auditor run`` takes between auditing and writing the reports.
"""

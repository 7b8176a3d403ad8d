"""The periodic audit's memory: what changed since last time, and the accepted risks.

``store`` is the SQLite history and ``changes`` the pure new/persisting/resolved rules. The steps
``auditor run`` takes around them (suppress, compare, record) are in :mod:`auditor.pipeline`.
"""

"""Person-name matching: connections (display names and handles) against a caseload.

Split into small modules, each with one job: ``fold`` (Unicode folding and decoration
stripping), ``parse`` (display names and handles into name parts), ``nicknames`` (the
maintained nickname dataset plus our own additions), ``corroboration`` (area, age, birth
year and contrary signs), ``variants`` (a caseload row's name variants) and ``matcher``
(blocking index plus scoring).
"""

from auditor.detectors.names.fold import fold, strip_decoration
from auditor.detectors.names.matcher import CaseloadMatcher, NameMatch

__all__ = ["CaseloadMatcher", "NameMatch", "fold", "strip_decoration"]

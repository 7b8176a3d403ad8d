"""Account Privacy Auditor: audits a helping professional's own social media accounts.

The package is split by job: ``auditor`` holds the model, config, engine, detectors and checks;
``connectors`` turns platform exports and APIs into :class:`~auditor.model.AccountSnapshot`;
``reports`` renders an :class:`~auditor.result.AuditResult`.
"""

__version__ = "0.1.0"

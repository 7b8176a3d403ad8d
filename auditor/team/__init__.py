"""Team review with consent: staff share scoped, encrypted audit summaries; a team lead sees a dashboard.

The pieces, each with one job:

- :mod:`auditor.team.keys`: the team key pair (X25519 via PyNaCl), optionally passphrase-protected.
- :mod:`auditor.team.armor`: the strict text envelope around encrypted files (so they survive e-mail).
- :mod:`auditor.team.consent`: the consent record, its wording and its expiry.
- :mod:`auditor.team.scope`: the only place that reads a personal ``report.json`` and picks the
  allow-listed fields that a scope permits; nothing else reaches a bundle.
- :mod:`auditor.team.bundle`: seal and open share bundles and withdrawal files; every refusal has a reason.
- :mod:`auditor.team.dashboard`: turn the accepted bundles into the team dashboard's data.

No cryptography is written here: sealing is libsodium's sealed box (X25519 + XSalsa20-Poly1305,
authenticated), passphrase protection is Argon2id + secretbox, all through PyNaCl.
"""

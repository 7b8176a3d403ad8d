"""One module per check; each has a sibling .toml with its title, rationale and remediation."""

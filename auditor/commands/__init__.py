"""One module per subcommand, each with ``register(subparsers)``; discovered by :mod:`auditor.cli`."""

"""Errors the user can act on.

Anything raised as a :class:`UserError` reaches the terminal as a one-paragraph message and
exit code 2, never as a traceback. Connectors raise :class:`InputError` for unreadable or
malformed input and name the file; the config loader raises :class:`ConfigError` naming the key.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the whole message."""

    exit_code = 2


class ConfigError(UserError):
    """The config file is missing, malformed, or has a bad key."""


class InputError(UserError):
    """An archive, export or API response could not be read as expected."""

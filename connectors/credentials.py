"""Find the secrets a live connector needs: in environment variables named in the config, or the OS keyring.

Tokens never come from the config file (it gets copied, shared and committed), never appear in
messages, logs or reports, and are held only as long as the connector runs. Messages name the
env var or the keyring entry that is missing, never a value. The keyring entry for a secret is
(service = ``api.keyring_service``, username = the secret's name: ``token``, ``consumer_key``,
``consumer_secret``, ``access_token``, ``access_token_secret``), so
``keyring set auditor-x token`` stores an X OAuth 2 user token.
"""

from __future__ import annotations

import os

from auditor.config import AccountConfig, ApiConfig
from auditor.errors import UserError

SECRET_NAMES = ("token", "consumer_key", "consumer_secret", "access_token", "access_token_secret")


def api_config(account: AccountConfig) -> ApiConfig:
    return account.api or ApiConfig()


def secret(account: AccountConfig, name: str, env_var: str | None) -> str | None:
    """The secret ``name`` from ``env_var`` (when configured) or the keyring (when configured), else None.

    A configured env var that is unset or empty is an error (the user meant to use it); an absent
    keyring entry is not, so a connector can fall back to another way of signing in.
    """
    if env_var:
        value = os.environ.get(env_var, "").strip()
        if not value:
            raise UserError(f"{account.where}.api: the environment variable {env_var} is not set (or is empty). "
                            f"Set it to your {account.platform} {name.replace('_', ' ')} before running, "
                            f"e.g. `export {env_var}=…` (see the README, 'Live APIs').")
        return value
    service = api_config(account).keyring_service
    if service:
        return _from_keyring(account, service, name)
    return None


def _from_keyring(account: AccountConfig, service: str, name: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a declared dependency
        raise UserError(f"{account.where}.api.keyring_service is set but the 'keyring' package is not "
                        f"installed. Install it, or use token_env instead.") from None
    try:
        value = keyring.get_password(service, name)
    except KeyringError as exc:
        raise UserError(f"{account.where}.api.keyring_service: the OS keyring could not be read "
                        f"({type(exc).__name__}). Unlock it, or use an environment variable "
                        f"(api.token_env) instead.") from None
    return value.strip() if value and value.strip() else None

"""The service's Ed25519 key that signs the audit log's head, kept in the instance folder.

The key is made on first start. Keep it with the backups: heads signed before are checked
with its public key, and a new key cannot sign for the old one.
"""

from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import Flask, current_app

from .config import instance_file

KEY_FILE = "audit_signing_key"
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_key(path: Path) -> Ed25519PrivateKey:
    """The key in `path` (PEM, PKCS #8), made there first if there is none."""
    def fresh() -> str:
        return Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode("ascii")

    pem = instance_file(path.parent, path.name, fresh)
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


class Signer:
    """Signs statements with the service's key; hex in, hex out."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public_key = key.public_key().public_bytes(*_RAW).hex()

    def sign(self, statement: bytes) -> str:
        return self._key.sign(statement).hex()


def signature_ok(public_key: str, statement: bytes, signature: str) -> bool:
    """Whether `signature` (hex) is Ed25519's for `statement` under `public_key` (hex)."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(
            bytes.fromhex(signature), statement)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def signer() -> Signer:
    return current_app.extensions["audit_signer"]


def init_app(app: Flask) -> None:
    """Load (or make) the key at start, so that no request is first to make it."""
    from .config import ConfigError

    path = Path(app.config["CONSULT_AUDIT_KEY_FILE"])
    try:
        app.extensions["audit_signer"] = Signer(load_key(path))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"The audit signing key {path} cannot be read or made: {exc}") from exc

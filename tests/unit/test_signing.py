"""The Ed25519 key that signs the audit head, and the verifier's own Ed25519 check (RFC 8032,
standard library only), held against the cryptography package's."""

import os
import stat
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from consult import signing, verify
from consult.domain import audit


@pytest.fixture(scope="module")
def signer() -> signing.Signer:
    return signing.Signer(Ed25519PrivateKey.generate())


def test_the_key_is_made_once_private_and_read_back_the_same(tmp_path):
    path = tmp_path / "instance" / signing.KEY_FILE
    first = signing.Signer(signing.load_key(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.Signer(signing.load_key(path)).public_key == first.public_key


def test_of_processes_making_the_key_at_once_every_one_ends_with_the_winners(tmp_path):
    path, keys = tmp_path / signing.KEY_FILE, []
    start = threading.Barrier(8)

    def make():
        start.wait()
        keys.append(signing.Signer(signing.load_key(path)).public_key)

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert os.listdir(tmp_path) == [signing.KEY_FILE]  # no temporary file left behind


def test_a_signature_holds_for_its_statement_and_key_only(signer):
    statement = audit.head_statement(7, "a" * 64, 12)
    signature = signer.sign(statement)
    assert signing.signature_ok(signer.public_key, statement, signature)
    assert not signing.signature_ok(signer.public_key, audit.head_statement(7, "a" * 64, 11),
                                    signature)
    other = signing.Signer(Ed25519PrivateKey.generate())
    assert not signing.signature_ok(other.public_key, statement, signature)
    assert not signing.signature_ok(signer.public_key, statement, "zz")


@pytest.mark.parametrize("size", [0, 1, 63, 64, 200])
def test_the_verifiers_ed25519_agrees_with_cryptography(signer, size):
    message = os.urandom(size)
    signature = bytes.fromhex(signer.sign(message))
    key = bytes.fromhex(signer.public_key)
    assert verify.ed25519_ok(key, message, signature)
    assert not verify.ed25519_ok(key, message + b"x", signature)
    for flipped in (0, 31, 32, 63):
        bad = bytearray(signature)
        bad[flipped] ^= 1
        assert not verify.ed25519_ok(key, message, bytes(bad))


def test_the_verifiers_ed25519_refuses_malformed_keys_and_signatures(signer):
    signature, key = bytes.fromhex(signer.sign(b"m")), bytes.fromhex(signer.public_key)
    assert not verify.ed25519_ok(key[:31], b"m", signature)
    assert not verify.ed25519_ok(key, b"m", signature[:63])
    too_big_s = signature[:32] + (2**253).to_bytes(32, "little")  # s must be below the order
    assert not verify.ed25519_ok(key, b"m", too_big_s)
    assert not verify.ed25519_ok(b"\xff" * 32, b"m", signature)  # not a point


def test_rfc_8032s_first_test_vector_verifies():
    """RFC 8032, 7.1, TEST 1: the empty message."""
    key = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    signature = bytes.fromhex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    assert verify.ed25519_ok(key, b"", signature)


def test_the_verifier_states_a_signed_head_as_the_domain_does():
    assert verify.head_statement(3, "b" * 64, 9) == audit.head_statement(3, "b" * 64, 9)
    assert verify.SIGNED_HEAD_FIELDS == audit.SIGNED_HEAD_FIELDS

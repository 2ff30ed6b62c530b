"""Sealing small files (drafts) of a protected clinic with a key derived from its key.

HMAC-SHA256 is used as the pseudo-random function of a counter-mode stream cipher and then as
the MAC over nonce and ciphertext (encrypt-then-MAC, separate keys). The standard library has
no AES, and a draft is a few kilobytes written a few times a minute, so this needs nothing
beyond ``hashlib``/``hmac``; a fresh random nonce is used for every write.
"""

from __future__ import annotations

import hashlib
import hmac
import os

MAGIC = b"GLUTEDESK-SEALED-1\n"
_NONCE = 16
_TAG = 32


class SealBroken(ValueError):
    """A sealed file's tag does not match: a wrong key, or changed bytes."""


def _keys(key: bytes) -> tuple[bytes, bytes]:
    enc = hmac.new(key, b"encrypt", hashlib.sha256).digest()
    mac = hmac.new(key, b"authenticate", hashlib.sha256).digest()
    return enc, mac


def _stream(enc: bytes, nonce: bytes, length: int) -> bytes:
    blocks = []
    for counter in range((length + 31) // 32):
        blocks.append(hmac.new(enc, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest())
    return b"".join(blocks)[:length]


def seal(key: bytes, data: bytes) -> bytes:
    """``data`` encrypted and authenticated under ``key`` (32 bytes)."""
    enc, mac = _keys(key)
    nonce = os.urandom(_NONCE)
    body = bytes(a ^ b for a, b in zip(data, _stream(enc, nonce, len(data)), strict=True))
    tag = hmac.new(mac, MAGIC + nonce + body, hashlib.sha256).digest()
    return MAGIC + nonce + body + tag


def is_sealed(blob: bytes) -> bool:
    """Whether ``blob`` was written by :func:`seal`."""
    return blob.startswith(MAGIC)


def unseal(key: bytes, blob: bytes) -> bytes:
    """The data sealed in ``blob``; raises :class:`SealBroken` for a wrong key or changed bytes."""
    if not is_sealed(blob) or len(blob) < len(MAGIC) + _NONCE + _TAG:
        raise SealBroken("not a sealed GluteDesk file")
    enc, mac = _keys(key)
    nonce = blob[len(MAGIC) : len(MAGIC) + _NONCE]
    body, tag = blob[len(MAGIC) + _NONCE : -_TAG], blob[-_TAG:]
    if not hmac.compare_digest(tag, hmac.new(mac, MAGIC + nonce + body, hashlib.sha256).digest()):
        raise SealBroken("its seal does not match (a wrong key, or the file was changed)")
    return bytes(a ^ b for a, b in zip(body, _stream(enc, nonce, len(body)), strict=True))

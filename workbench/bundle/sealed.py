"""Passphrase-sealed files: scrypt key derivation, AES-256-GCM in authenticated 1 MiB chunks.

Layout: ``MAGIC | salt (16) | log2 N, r, p (3 bytes) | nonce prefix (7)`` = the header, then chunks, each
``length (4, big-endian) | ciphertext + tag``. A chunk's nonce is the prefix, its index (4 bytes) and a final
flag (1 byte); every chunk authenticates the header as associated data. So a wrong passphrase, a flipped bit
anywhere, chunks reordered, dropped or appended, and a truncated file all fail to open (the STREAM
construction of Hoang, Reyhanitabar, Rogaway and Vizár). Chunks keep memory flat for large projects.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from workbench.errors import InputError

MAGIC = b"KSBUNDLE\x01"
CHUNK = 1 << 20
LOG2_N, R, P = 17, 8, 1  # scrypt: 128 MiB of memory per derivation (OWASP's recommended minimum)
MAX_LOG2_N = 20  # a file can't make us allocate more than 1 GiB
HEADER = struct.Struct(f">{len(MAGIC)}s16sBBB7s")
TAG = 16


class SealError(InputError):
    """The file is not a bundle, the passphrase is wrong, or the file was changed after it was sealed."""


def derive_key(passphrase: bytes, salt: bytes, log2_n: int = LOG2_N, r: int = R, p: int = P) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p).derive(passphrase)


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if final else 0)


def _chunks(src: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """The plaintext in chunks, each with whether it is the last (an empty file is one empty final chunk)."""
    current = src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        yield current, not following
        if not following:
            return
        current = following


def seal(src: Path, dst: BinaryIO, passphrase: bytes, log2_n: int = LOG2_N) -> None:
    """Encrypt the file ``src`` into the open binary stream ``dst``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, prefix = os.urandom(16), os.urandom(7)
    header = HEADER.pack(MAGIC, salt, log2_n, R, P, prefix)
    aead = AESGCM(derive_key(passphrase, salt, log2_n))
    dst.write(header)
    with src.open("rb") as fh:
        for index, (plain, final) in enumerate(_chunks(fh)):
            sealed = aead.encrypt(_nonce(prefix, index, final), plain, header)
            dst.write(struct.pack(">I", len(sealed)) + sealed)


def unseal(src: BinaryIO, dst: BinaryIO, passphrase: bytes) -> None:
    """Decrypt the stream ``src`` into ``dst``. ``dst`` holds unauthenticated data until this returns:
    the caller must discard it when this raises.

    Raises:
        SealError: not a bundle, a wrong passphrase, or a file changed or cut after sealing.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = src.read(HEADER.size)
    if len(header) < HEADER.size or not header.startswith(MAGIC):
        raise SealError.of("errors.bundle.not_bundle")
    _, salt, log2_n, r, p, prefix = HEADER.unpack(header)
    if not (10 <= log2_n <= MAX_LOG2_N and 1 <= r <= 16 and 1 <= p <= 4):
        raise SealError.of("errors.bundle.header")
    aead = AESGCM(derive_key(passphrase, salt, log2_n, r, p))
    index, final = 0, False
    while not final:
        size = src.read(4)
        if len(size) < 4:
            raise SealError.of("errors.bundle.short")
        (length,) = struct.unpack(">I", size)
        sealed = src.read(length) if length <= CHUNK + TAG else b""
        try:
            plain, final = _open_chunk(aead, prefix, index, sealed, header)
        except InvalidTag as exc:
            raise SealError.of("errors.bundle.passphrase") from exc
        dst.write(plain)
        index += 1
    if src.read(1):
        raise SealError.of("errors.bundle.trailing")


def _open_chunk(aead: object, prefix: bytes, index: int, sealed: bytes, header: bytes) -> tuple[bytes, bool]:
    """Try the chunk as a middle chunk, then as the final one (the flag is authenticated, not stored)."""
    from cryptography.exceptions import InvalidTag

    decrypt = aead.decrypt  # type: ignore[attr-defined]
    try:
        return decrypt(_nonce(prefix, index, False), sealed, header), False
    except InvalidTag:
        return decrypt(_nonce(prefix, index, True), sealed, header), True

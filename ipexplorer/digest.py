"""SHA-1 and SHA-256 of bytes without loading OpenSSL.

`hashlib` (and `secrets`, through `hmac`) loads OpenSSL's libcrypto, ~3.7 MiB resident in the window for
two digests of a few kilobytes (the report's checksum at start, a console query's key). CPython's own
implementations, which `hashlib` falls back to where OpenSSL is missing, give the same digests; `hashlib`
is used only where an interpreter was built without them.
"""

from __future__ import annotations

from collections.abc import Callable


def _builtin(name: str, *modules: str) -> Callable[[bytes], object]:
    import importlib

    for module in modules:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    import hashlib

    return getattr(hashlib, name)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hex."""
    return _builtin("sha256", "_sha256", "_sha2")(data).hexdigest()   # _sha2 from Python 3.12


def sha1_hex(data: bytes) -> str:
    """The SHA-1 of `data`, in hex."""
    return _builtin("sha1", "_sha1")(data).hexdigest()

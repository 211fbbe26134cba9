"""Secrets never leave the process: credentials in URLs are masked in every message and output.

Covered forms: ``scheme://user:password@host`` (also with an unencoded ``@`` inside the password,
where the user info runs to the last ``@`` before the host), query parameters such as
``?password=…`` / ``&sslpassword=…`` / ``token=…``, and libpq-style ``password=…`` words.
"""

from __future__ import annotations

import re

MASK = "***"
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/?#\s]*)@(?=[^@/?#\s]*(?:[/?#\s]|$))")
_SECRET_PARAM = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd|pass|sslpassword|secret|token|api[_-]?key|access[_-]?token)=)[^&\s#'\"]*",
    re.IGNORECASE,
)


def mask_secrets(text: str) -> str:
    """``text`` with every password, token or secret of a URL or connection string replaced by ***."""

    def userinfo(match: re.Match[str]) -> str:
        user, sep, _password = match.group("userinfo").partition(":")
        return f"{match.group('scheme')}{user}{':' + MASK if sep else ''}@"

    return _SECRET_PARAM.sub(lambda m: m.group("key") + MASK, _USERINFO.sub(userinfo, text))


def has_credentials(text: str) -> bool:
    """True if masking would change ``text``."""
    return mask_secrets(text) != text

"""Reading a web address a moderator typed as an origin that a Content-Security-Policy may name.

An origin is a scheme (https or http), a host and an optional port: no path,
no query, no user name, nothing a policy header could be tricked with. A
leading `*.` is allowed only before a domain of at least two labels
(`https://*.obec-lhota.cz`), never alone or before a bare top-level domain.
"""

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


class OriginError(ValueError):
    """A typed address that is not an origin Spolu will name; `message` says why, for the form."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _host(raw_host: str) -> str:
    wildcard = raw_host.startswith("*.")
    host = raw_host[2:] if wildcard else raw_host
    if "*" in host:
        raise OriginError(_l("A star may only stand for the first part of the name, as in https://*.obec.cz."))
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise OriginError(_l("This is not a valid web site name.")) from None
    labels = host.split(".")
    if IPV4.match(host):
        if wildcard or any(int(part) > 255 for part in labels):
            raise OriginError(_l("This is not a valid web site name."))
        return host
    if not all(LABEL.match(label) for label in labels) or len(host) > 253:
        raise OriginError(_l("This is not a valid web site name."))
    if wildcard and len(labels) < 2:
        raise OriginError(_l("A star needs a whole domain after it, as in https://*.obec.cz, not a bare ending like .cz."))
    if len(labels) < 2 and host != "localhost":
        raise OriginError(_l("Give the full web site name, such as https://www.obec.cz."))
    return f"*.{host}" if wildcard else host


def normalise_origin(raw: str) -> str:
    """`scheme://host[:port]` in lower case, the host in ASCII, or OriginError."""
    text = (raw or "").strip()
    if not text:
        raise OriginError(_l("Give the web site's address, such as https://www.obec.cz."))
    if any(ch.isspace() or ord(ch) < 32 or ch in "\"';,\\<>" for ch in text):
        raise OriginError(_l("The address contains characters a web address cannot have."))
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not text.lower().startswith(f"{scheme}://"):
        raise OriginError(_l("The address must start with https:// (or http://)."))
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise OriginError(_l("Give only the web site, without a page: https://www.obec.cz, not https://www.obec.cz/aktuality."))
    if "@" in parts.netloc:
        raise OriginError(_l("The address must not contain a user name."))
    netloc = parts.netloc.lower()
    raw_host, _, port = netloc.rpartition(":") if netloc.count(":") == 1 else (netloc, "", "")
    if not raw_host:
        raise OriginError(_l("This is not a valid web site name."))
    if port and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise OriginError(_l("The port must be a number from 1 to 65535."))
    host = _host(raw_host)
    default = {"https": "443", "http": "80"}[scheme]
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")

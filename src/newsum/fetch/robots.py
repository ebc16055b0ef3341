"""What a host's robots.txt allows us, read with :mod:`urllib.robotparser`.

The HTTP status of the robots.txt fetch decides before its text does (RFC 9309, section
2.3.1): a readable file is parsed; a file that does not exist or is refused (any 4xx but 429)
allows everything; a server error, a 429, a timeout or a lost connection means we cannot know,
so nothing on the host is fetched until it can be read again. ``urllib.robotparser.read``
treats 401 and 403 as "disallow all", an older convention; we follow the RFC and fetch
robots.txt ourselves, through the same rate limits as every other request.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

__all__ = ["RobotsRules"]

#: RFC 9309 asks crawlers to parse at least the first 500 KiB of a robots.txt; anything past
#: it is ignored rather than failing the whole host.
MAX_ROBOTS_BYTES = 500 * 1024


@dataclass(frozen=True)
class RobotsRules:
    """One origin's robots.txt as read at one time.

    ``state`` is ``"rules"`` (a parsed file), ``"allow"`` (no file: everything allowed) or
    ``"unreachable"`` (the file could not be read: nothing allowed until ``expires``).
    ``expires`` is a :func:`time.monotonic` time.
    """

    state: str
    expires: float
    reason: str = ""
    parser: RobotFileParser | None = None

    @classmethod
    def parse(cls, content: bytes, *, expires: float) -> RobotsRules:
        parser = RobotFileParser()
        text = content[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return cls("rules", expires, parser=parser)

    @classmethod
    def allow_all(cls, *, expires: float, reason: str) -> RobotsRules:
        return cls("allow", expires, reason=reason)

    @classmethod
    def unreachable(cls, *, expires: float, reason: str) -> RobotsRules:
        return cls("unreachable", expires, reason=reason)

    def allows(self, url: str, *, user_agent: str) -> bool:
        if self.state == "unreachable":
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, *, user_agent: str) -> float:
        """Seconds the file asks between requests (0 when it does not say)."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay else 0.0

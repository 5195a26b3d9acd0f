"""Links to the GitHub pages the dashboard's numbers describe."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

GITHUB = "https://github.com"


def profile(login: str) -> str:
    """A user's or organisation's page."""
    return f"{GITHUB}/{quote(login)}"


def repo(name: str, path: str = "") -> str:
    """A repository's page, or one of its pages (`stargazers`, `forks`, `commits`, ...)."""
    return f"{GITHUB}/{quote(name)}" + (f"/{path}" if path else "")


def release(name: str, tag: str) -> str:
    return repo(name, f"releases/tag/{quote(tag, safe='')}")


def search(scope: str, terms: str, kind: str) -> str:
    """GitHub's search over `scope` (`repo:owner/name` or `user:owner`) for `terms`; `kind` is the
    result tab (`pullrequests`, `issues`, `repositories`, `commits`)."""
    return f"{GITHUB}/search?" + urlencode({"q": f"{scope} {terms}".strip(), "type": kind})


def days(start: dt.date, end: dt.date) -> str:
    """A date range in GitHub's search syntax."""
    return f"{start.isoformat()}..{end.isoformat()}"

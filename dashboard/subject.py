"""What the repository page shows: one repository, every repository of an owner (a user or an
organisation), or a person who owns none, found from what was typed or from a shared link
(`?repo=owner/name`, `?owner=login`, `?user=login`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import data


@dataclass(frozen=True)
class Subject:
    kind: str  # "repo", "owner" (of repositories: a user or an organisation) or "user" (owns none)
    name: str  # owner/name as GH Archive last saw it, or the login
    repos: pd.DataFrame  # its rows of dim_repos (none for a user)
    actor: pd.Series | None = None  # a user's row of dim_actors

    @property
    def repo_ids(self) -> list[int]:
        return [int(i) for i in self.repos["repo_id"]]

    @property
    def search_scope(self) -> str:
        """GitHub search's qualifier for it."""
        return f"repo:{self.name}" if self.kind == "repo" else f"user:{self.name}"

    @property
    def query_params(self) -> dict[str, str]:
        """The page's link for it."""
        return {self.kind: self.name}


def cleaned(text: str) -> str:
    """What was typed or pasted, without spaces or a github.com prefix: `owner/name` or `owner`."""
    text = text.strip()
    for prefix in ("https://", "http://", "github.com/", "www.github.com/"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return text.strip("/")


def find(backend: data.Backend, text: str) -> Subject | None:
    """The repository named `owner/name`, or the owner `login` with its repositories, or the user
    `login` who owns none; None when the loaded data has none of them (names compare without case,
    as on GitHub)."""
    text = cleaned(text)
    if not text:
        return None
    if "/" in text:
        repos = data.run(backend, data.REPO_BY_NAME, name=text)
        if repos.empty:
            return None
        return Subject("repo", str(repos["repo_name"].iloc[0]), repos)
    repos = data.run(backend, data.REPOS_OF_OWNER, owner=text)
    if not repos.empty:
        return Subject("owner", str(repos["owner_login"].iloc[0]), repos)
    # Someone who owns no repository seen in the loaded hours but acted in some.
    actor = data.run(backend, data.ACTOR_BY_LOGIN, login=text)
    if actor.empty:
        return None
    return Subject("user", str(actor["actor_login"].iloc[0]), repos.iloc[0:0], actor.iloc[0])


def suggestions(backend: data.Backend, text: str) -> list[str]:
    """Up to ten repositories whose name contains `text`, the most active first (all when empty)."""
    # LIKE's `_` matches any one character: harmless here, it only widens the suggestions.
    like = "%" + cleaned(text).lower().replace("%", "") + "%"
    return data.run(backend, data.REPO_SUGGESTIONS, pattern=like)["repo_name"].tolist()

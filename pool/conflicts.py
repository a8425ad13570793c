"""Automatic conflicts of interest, computed with set and dict joins (no per-pair queries).

The functions here take plain rows (tuples loaded in a few queries by the services) and
return the conflicting (submission_id, reviewer_user_id, source) triples with a reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pool.enums import ConflictSource

PUBLIC_DOMAINS_FILE = Path(__file__).resolve().parent / "data" / "public_email_domains.txt"


# Second-level labels under a country code that belong to the registry, not the institution:
# cs.ox.ac.uk -> ox.ac.uk, mails.tsinghua.edu.cn -> tsinghua.edu.cn.
_REGISTRY_SECOND_LEVEL = {"ac", "edu", "co", "com", "org", "gov", "net", "go", "or", "ne"}


_AFFILIATION_STOPWORDS = {
    "the", "of", "at", "and", "for", "in", "de", "des", "du", "di", "da", "la", "le", "der",
    "und", "inc", "ltd", "llc", "gmbh", "corp", "corporation", "co", "sa", "ag",
}  # fmt: skip


_AFFILIATION_SYNONYMS = {
    "univ": "university",
    "universitat": "university",
    "universite": "university",
    "universidad": "university",
    "universidade": "university",
    "universita": "university",
    "universiteit": "university",
    "uni": "university",
    "inst": "institute",
    "institut": "institute",
    "instituto": "institute",
    "istituto": "institute",
    "tech": "technology",
}


_INSTITUTION_WORDS = {"university", "institute", "college", "academy", "polytechnic", "ecole"}


_UNIT_WORDS = {"department", "dept", "faculty", "school", "division", "group", "lab", "chair"}


@cache
def public_email_domains() -> frozenset[str]:
    lines = PUBLIC_DOMAINS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def organisation_domain(domain: str) -> str:
    """The institution's domain: cs.stanford.edu -> stanford.edu; '' for public mail."""
    labels = [label for label in domain.strip().lower().strip(".").split(".") if label]
    if len(labels) < 2:
        return ""
    keep = (
        3
        if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _REGISTRY_SECOND_LEVEL
        else 2
    )
    key = ".".join(labels[-keep:])
    public = public_email_domains()
    if key in public or ".".join(labels) in public:
        return ""
    return key


def domain_suffixes(domain: str) -> list[str]:
    """The domain and its parents down to the institution's: cs.ox.ac.uk -> [.., ox.ac.uk].

    Empty for public mail providers. Two addresses share an institution when one's domain
    is the other's or a parent of it (cs.mit.edu and mit.edu), not merely when they have
    a parent in common (a.example.org and b.example.org: hosting, not an institution).
    """
    organisation = organisation_domain(domain)
    if not organisation:
        return []
    labels = domain.strip().lower().strip(".").split(".")
    depth = organisation.count(".") + 1
    return [".".join(labels[start:]) for start in range(0, len(labels) - depth + 1)]


def normalise_affiliation(affiliation: str) -> frozenset[str]:
    """Comparable keys for an affiliation: 'The University of Oxford' == 'Oxford University'.

    Case, accents, punctuation and filler words are dropped and the words sorted. A
    comma-separated affiliation ("Dept. of CS, ETH Zürich, Switzerland") keeps the parts
    that name an institution, or else its first part that is not a department.
    """
    text = unicodedata.normalize("NFKD", affiliation.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"\([^)]*\)", " ", text)
    parts: list[list[str]] = []
    for raw in re.split(r"[,;|]", text):
        words = [_AFFILIATION_SYNONYMS.get(word, word) for word in re.findall(r"\w+", raw)]
        words = [word for word in words if word not in _AFFILIATION_STOPWORDS]
        if words:
            parts.append(words)
    if not parts:
        return frozenset()
    institutions = [words for words in parts if _INSTITUTION_WORDS.intersection(words)]
    if not institutions:
        non_units = [words for words in parts if words[0] not in _UNIT_WORDS]
        institutions = non_units[:1] or parts[:1]
    keys = {" ".join(sorted(set(words))) for words in institutions}
    # A bare generic word ("university") would tie everybody together.
    return frozenset(key for key in keys if key not in _INSTITUTION_WORDS)


@dataclass(frozen=True)
class AuthorRow:
    submission_id: int
    user_id: int | None
    email: str
    affiliation: str
    name: str = ""
    number: int = 0


@dataclass
class ReviewerRow:
    user_id: int
    email: str
    affiliations: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)


ConflictKey = tuple[int, int, str]


def compute_conflicts(
    authors: Iterable[AuthorRow],
    reviewers: Iterable[ReviewerRow],
    *,
    submission_ids: set[int] | None = None,
    sources: Iterable[str] | None = None,
) -> dict[ConflictKey, str]:
    """(submission_id, reviewer_id, source) -> reason for every automatic conflict.

    ``authors`` must hold every authorship of the workshop (co-authorship spans
    submissions); ``submission_ids`` limits the output to those submissions.
    """
    wanted = set(sources) if sources is not None else {
        ConflictSource.AUTHOR, ConflictSource.DOMAIN,
        ConflictSource.AFFILIATION, ConflictSource.COAUTHOR,
    }  # fmt: skip
    authors = list(authors)
    reviewers = list(reviewers)
    by_user = {reviewer.user_id: reviewer for reviewer in reviewers}
    by_email = {reviewer.email.lower(): reviewer for reviewer in reviewers}

    def reviewer_of(author: AuthorRow) -> ReviewerRow | None:
        return by_user.get(author.user_id) or by_email.get(author.email.lower())

    def in_scope(submission_id: int) -> bool:
        return submission_ids is None or submission_id in submission_ids

    out: dict[ConflictKey, str] = {}

    # Index the authors of the submissions in scope by domain and by affiliation key.
    authors_under_domain: dict[str, list[AuthorRow]] = defaultdict(list)  # domain or subdomain
    authors_at_domain: dict[str, list[AuthorRow]] = defaultdict(list)  # exactly this domain
    authors_by_affiliation: dict[str, list[AuthorRow]] = defaultdict(list)
    for author in authors:
        if not in_scope(author.submission_id):
            continue
        if ConflictSource.AUTHOR in wanted and (reviewer := reviewer_of(author)):
            out[(author.submission_id, reviewer.user_id, ConflictSource.AUTHOR)] = (
                "The reviewer is an author of this submission."
            )
        if ConflictSource.DOMAIN in wanted:
            suffixes = domain_suffixes(email_domain(author.email))
            for suffix in suffixes:
                authors_under_domain[suffix].append(author)
            if suffixes:
                authors_at_domain[suffixes[0]].append(author)
        if ConflictSource.AFFILIATION in wanted:
            for key in normalise_affiliation(author.affiliation):
                authors_by_affiliation[key].append(author)

    for reviewer in reviewers:
        if authors_under_domain:
            for domain in {email_domain(reviewer.email), *reviewer.domains}:
                suffixes = domain_suffixes(domain)
                if not suffixes:
                    continue
                matches = [
                    *authors_under_domain.get(suffixes[0], ()),
                    *(a for parent in suffixes[1:] for a in authors_at_domain.get(parent, ())),
                ]
                for author in matches:
                    out.setdefault(
                        (author.submission_id, reviewer.user_id, ConflictSource.DOMAIN),
                        f"Shares the email domain {email_domain(author.email)}"
                        f" with author {author.name or author.email}.",
                    )
        if authors_by_affiliation:
            keys = set().union(*(normalise_affiliation(a) for a in reviewer.affiliations))
            for key in keys:
                for author in authors_by_affiliation.get(key, ()):
                    out.setdefault(
                        (author.submission_id, reviewer.user_id, ConflictSource.AFFILIATION),
                        f"Same affiliation as author {author.name or author.email}"
                        f" ({author.affiliation}).",
                    )

    if ConflictSource.COAUTHOR in wanted:
        _coauthor_conflicts(authors, reviewer_of, in_scope, out)
    return out


def _person(author: AuthorRow) -> str:
    return author.email.lower()


def _coauthor_conflicts(authors, reviewer_of, in_scope, out: dict[ConflictKey, str]) -> None:
    """A reviewer who wrote a submission with someone conflicts with that person's papers."""
    people_by_submission: dict[int, set[str]] = defaultdict(set)
    submissions_by_person: dict[str, set[int]] = defaultdict(set)
    names: dict[str, str] = {}
    numbers: dict[int, int] = {}
    reviewer_submissions: dict[int, set[int]] = defaultdict(set)
    for author in authors:
        person = _person(author)
        people_by_submission[author.submission_id].add(person)
        submissions_by_person[person].add(author.submission_id)
        names[person] = author.name or author.email
        numbers[author.submission_id] = author.number
        if reviewer := reviewer_of(author):
            reviewer_submissions[reviewer.user_id].add(author.submission_id)
    for reviewer_id, own_submissions in reviewer_submissions.items():
        for own in own_submissions:
            for coauthor in people_by_submission[own]:
                for other in submissions_by_person[coauthor]:
                    if other in own_submissions or not in_scope(other):
                        continue
                    out.setdefault(
                        (other, reviewer_id, ConflictSource.COAUTHOR),
                        f"Co-author of {names[coauthor]} on submission #{numbers[own]}.",
                    )

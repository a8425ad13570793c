"""Does a paper's text give its authors away? Plain Python, no Django.

Reads the text extracted from the PDF (pypdf) and the author list, and reports what a
reviewer could recognise: an author's name or email address, their affiliation, an
acknowledgements section, a link to an author's own repository or page, and a citation of
their own work in the first person ("our previous work [3]" where [3] names an author).
The references list may name the authors (citing oneself in the third person is how
double-blind papers do it): names there count only when the text says "our" work.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

TITLE_BLOCK_CHARS = 400  # when no "Abstract" heading ends the title block earlier
ABSTRACT_HEADING = re.compile(r"\babstract\b", re.I)
REFERENCES_HEADING = re.compile(r"^\s*(?:\d+\.?\s*)?(references|bibliography)\s*$", re.I | re.M)
WORKED_AT = r"\b(?:work(?:ed)?\s+done|internship|employed|visiting|funded\s+by)\b"
ACKNOWLEDGEMENTS = re.compile(r"^\s*(?:\d+\.?\s*)?acknowledge?ments?\b", re.I | re.M)
LEFT_OUT = re.compile(r"omitted|anonymi[sz]|removed|withheld|hidden|camera.ready", re.I)
THANKS = re.compile(
    r"\bwe\s+(?:thank|are\s+(?:grateful|indebted)\s+to|gratefully\s+acknowledge)\b"
    r"|\b(?:supported|funded)\s+(?:in\s+part\s+)?by\b[^.\n]{0,80}\bgrant\b",
    re.I,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DOMAIN = re.compile(r"@([\w-]+(?:\.[\w-]+)+)")
WEBMAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "proton.me", "protonmail.com", "qq.com", "163.com", "126.com",
}  # fmt: skip
REPOSITORY = re.compile(
    r"(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)/([\w.-]+)[\w./-]*"
    r"|([\w-]+)\.(?:github|gitlab)\.io[\w./-]*",
    re.I,
)
PERSONAL_PAGE = re.compile(r"https?://[\w.-]+/~([\w.-]+)", re.I)
FIRST_PERSON_WORK = re.compile(
    r"\b(?:our|my)\s+(?:own\s+)?(?:previous|prior|earlier|past|recent|preliminary)\s+"
    r"(?:work|works|paper|papers|study|studies|results?|findings|analysis|method|approach)"
    r"|\bwe\s+(?:previously|recently|earlier)\s+(?:showed|proposed|introduced|found|studied)",
    re.I,
)
CITATION_AFTER = re.compile(r"[^.\n]{0,60}?(\[[\d,\s–-]+\]|\([^()]{3,80}?\d{4}[a-z]?\))")
REFERENCE_NUMBER = re.compile(r"^\s*\[(\d+)\]", re.M)


@dataclass(frozen=True)
class Author:
    name: str
    email: str
    affiliation: str = ""


@dataclass(frozen=True)
class Finding:
    kind: str  # name, email, affiliation, acknowledgements, repository, self-citation
    message: str


def _plain(text: str) -> str:
    """Lower case without accents or ligatures, words broken at line ends joined again."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"(\w)-\n(\w)", r"\1\2", text).lower()


def _split_references(text: str) -> tuple[str, str]:
    headings = list(REFERENCES_HEADING.finditer(text))
    if not headings:
        return text, ""
    return text[: headings[-1].start()], text[headings[-1].end() :]


def _name_parts(name: str) -> tuple[str, str] | None:
    words = re.findall(r"[\w'-]+", _plain(name))
    if len(words) < 2 or len(words[-1]) < 2:
        return None
    return words[0], words[-1]


def _name_pattern(name: str, *, reversed_too: bool = False) -> re.Pattern | None:
    """ "Ada Lovelace", "Ada B. Lovelace", "A. Lovelace" (and "Lovelace, A." in references)."""
    parts = _name_parts(name)
    if parts is None:
        return None
    first, last = (re.escape(part) for part in parts)
    middle = r"(?:\w{1,2}\.?\s+)*"
    forms = [
        rf"\b{first}\s+{middle}{last}\b",
        rf"\b{first[0]}\.\s*{middle}{last}\b",
        rf"\b{last},\s*{first}\b",
    ]
    if reversed_too:
        forms.append(rf"\b{last},\s*{first[0]}")
    return re.compile("|".join(forms))


def _named_authors(text: str, authors: Sequence[Author], *, reversed_too: bool) -> list[str]:
    found = []
    for author in authors:
        pattern = _name_pattern(author.name, reversed_too=reversed_too)
        if pattern is not None and pattern.search(text):
            found.append(author.name)
    return found


def _surnames_in(text: str, authors: Sequence[Author]) -> list[str]:
    names = []
    for author in authors:
        parts = _name_parts(author.name)
        if parts and len(parts[1]) >= 3 and re.search(rf"\b{re.escape(parts[1])}\b", text):
            names.append(author.name)
    return names


def _references_by_number(references: str) -> dict[str, str]:
    marks = list(REFERENCE_NUMBER.finditer(references))
    return {
        mark.group(1): references[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else None]
        for i, mark in enumerate(marks)
    }


def _self_citations(body: str, references: str, authors: Sequence[Author]) -> list[str]:
    entries = _references_by_number(references)
    cited = []
    for phrase in FIRST_PERSON_WORK.finditer(body):
        citation = CITATION_AFTER.match(body, phrase.end())
        if citation is None:
            continue
        marker = citation.group(1)
        if marker.startswith("["):
            numbers = re.findall(r"\d+", marker)
            text = " ".join(entries.get(number, "") for number in numbers)
            names = _named_authors(text, authors, reversed_too=True) or _surnames_in(text, authors)
        else:
            names = _surnames_in(marker, authors)
        if names:
            cited.append(f"“{phrase.group(0)} {marker}” cites {names[0]}")
    return cited


def _title_block(body: str) -> str:
    heading = ABSTRACT_HEADING.search(body, 0, 4 * TITLE_BLOCK_CHARS)
    return body[: heading.start()] if heading else body[:TITLE_BLOCK_CHARS]


def _affiliations(body: str, authors: Sequence[Author]) -> list[str]:
    """A long affiliation anywhere before the references; a short one ("Google") in the
    title block, where it is a byline rather than a mention, or after "work done at"."""
    found = []
    title_block = _title_block(body)
    for affiliation in dict.fromkeys(author.affiliation.strip() for author in authors):
        plain = _plain(affiliation)
        if len(plain) < 4:
            continue
        named = rf"(?<!\w){re.escape(plain)}(?!\w)"
        where = body if len(plain) >= 12 and " " in plain else title_block
        if re.search(named, where) or re.search(rf"{WORKED_AT}[^.\n]{{0,40}}{named}", body):
            found.append(affiliation)
    return found


def _emails(body: str, authors: Sequence[Author]) -> list[str]:
    """An author's address, or any address at an author's own (not webmail) domain, also
    in the grouped form "{ada, charles}@lab.org"."""
    own = {author.email.lower() for author in authors}
    domains = {address.split("@")[1] for address in own if "@" in address} - WEBMAIL
    found = list(dict.fromkeys(address for address in EMAIL.findall(body) if address in own))
    covered = {address.split("@")[1] for address in found}
    found += [
        f"an address at {domain}"
        for domain in dict.fromkeys(DOMAIN.findall(body))
        if domain in domains - covered
    ]
    return found


def _thanks(body: str) -> bool:
    """An acknowledgements section that is not just a placeholder, or thanks in the text."""
    for heading in ACKNOWLEDGEMENTS.finditer(body):
        if not LEFT_OUT.search(body, heading.end(), heading.end() + 200):
            return True
    return bool(THANKS.search(body))


def _letters(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _own_links(text: str, authors: Sequence[Author]) -> list[str]:
    """Repository owners and ~user pages that carry an author's surname or mailbox name."""
    marks = set()
    for author in authors:
        parts = _name_parts(author.name)
        marks.add(_letters(parts[1]) if parts else "")
        marks.add(_letters(author.email.split("@")[0]))
    marks = {mark for mark in marks if len(mark) >= 4}
    links = []
    for match in [*REPOSITORY.finditer(text), *PERSONAL_PAGE.finditer(text)]:
        owner = _letters(match.group(1) or match.group(2) or "")
        if any(mark in owner for mark in marks):
            links.append(match.group(0))
    return list(dict.fromkeys(links))


def identity_findings(text: str, authors: Sequence[Author]) -> list[Finding]:
    """What in this text could tell a reviewer who wrote it; empty when nothing does."""
    plain = _plain(text)
    body, references = _split_references(plain)
    findings = [
        Finding("name", f"The text names an author: {name}.")
        for name in _named_authors(body, authors, reversed_too=False)
    ]
    findings += [
        Finding("email", f"The text gives an author's email address: {address}.")
        for address in _emails(body, authors)
    ]
    findings += [
        Finding("affiliation", f"The text names an author's affiliation: “{affiliation}”.")
        for affiliation in _affiliations(body, authors)
    ]
    if _thanks(body):
        findings.append(
            Finding(
                "acknowledgements",
                "The paper thanks people or funders (an acknowledgements section): leave "
                "it out until the camera-ready version.",
            )
        )
    findings += [
        Finding("repository", f"A link points to an author's own page or repository: {link}.")
        for link in _own_links(plain, authors)
    ]
    findings += [
        Finding("self-citation", f"Your own work is cited in the first person: {citation}.")
        for citation in _self_citations(body, references, authors)
    ]
    return findings

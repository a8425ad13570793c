"""Reading a reviewer's list of papers from pasted text: a BibTeX file (@article,
@inproceedings, … with title, abstract, year, url or doi) or a plain list (papers separated
by blank lines, a title line then the abstract). Pure Python, no Django.

Every entry that cannot be read is reported with where it is (its number, key and line) and
why, so the person can fix it in the text they pasted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

TITLE_LENGTH = 500
ABSTRACT_LENGTH = 10_000
URL_LENGTH = 500
YEARS = (1900, 2100)


@dataclass(frozen=True)
class PaperEntry:
    title: str
    abstract: str = ""
    year: int | None = None
    url: str = ""
    where: str = ""  # "entry 2 (smith20, line 9)", for messages


@dataclass(frozen=True)
class EntryProblem:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def looks_like_bibtex(text: str) -> bool:
    return re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE) is not None


def papers_parse(text: str) -> tuple[list[PaperEntry], list[EntryProblem]]:
    """BibTeX when the text has an @entry{ at the start of a line, else a plain list."""
    return bibtex_parse(text) if looks_like_bibtex(text) else plain_papers_parse(text)


# --- plain lists ---------------------------------------------------------------------


def plain_papers_parse(text: str) -> tuple[list[PaperEntry], list[EntryProblem]]:
    """Blocks separated by blank lines: the first line is the title, the rest the abstract
    (its lines joined)."""
    papers: list[PaperEntry] = []
    problems: list[EntryProblem] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    block: list[tuple[int, str]] = []
    blocks: list[list[tuple[int, str]]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line.strip()))
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    for index, block in enumerate(blocks, start=1):
        where = f"paper {index} (line {block[0][0]})"
        title = " ".join(block[0][1].split())
        abstract = " ".join(line for _, line in block[1:])
        entry = PaperEntry(title=title, abstract=abstract, where=where)
        if problem := entry_problem(entry, plain=True):
            problems.append(problem)
        else:
            papers.append(entry)
    return papers, problems


def entry_problem(entry: PaperEntry, *, plain: bool = False) -> EntryProblem | None:
    """Why this paper cannot be stored, or None."""
    if not entry.title:
        return EntryProblem(entry.where, "no title")
    if len(entry.title) > TITLE_LENGTH:
        hint = " (is the line break after the title missing?)" if plain else ""
        return EntryProblem(
            entry.where, f"the title is longer than {TITLE_LENGTH} characters{hint}"
        )
    if len(entry.abstract) > ABSTRACT_LENGTH:
        return EntryProblem(
            entry.where, f"the abstract is longer than {ABSTRACT_LENGTH:,} characters"
        )
    if not year_ok(entry.year):
        return EntryProblem(entry.where, f"the year {entry.year} is not a plausible year")
    if entry.url and not url_ok(entry.url):
        return EntryProblem(entry.where, f"the link “{entry.url}” is not a web address")
    return None


def year_ok(year: int | None) -> bool:
    return year is None or YEARS[0] <= year <= YEARS[1]


def url_ok(url: str) -> bool:
    parts = urlsplit(url)
    return (
        len(url) <= URL_LENGTH
        and parts.scheme in ("http", "https")
        and "." in parts.netloc
        and not re.search(r"\s", url)
    )


# --- BibTeX ----------------------------------------------------------------------------

SKIPPED_TYPES = {"comment", "preamble"}
MONTHS = {
    m: str(i)
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


class _Broken(Exception):
    pass


class _Reader:
    """A cursor over the text that knows line numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def line(self, pos: int | None = None) -> int:
        return self.text.count("\n", 0, self.pos if pos is None else pos) + 1

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, chars: str, what: str) -> str:
        self.skip_space()
        char = self.peek()
        if not char or char not in chars:
            found = f"“{char}”" if char else "the end of the text"
            hint = " (is a brace left open above?)" if char == "@" else ""
            raise _Broken(f"expected {what} on line {self.line()}, found {found}{hint}")
        self.pos += 1
        return char

    def name(self, what: str) -> str:
        self.skip_space()
        match = re.compile(r"[^\s\"#%'(),={}]+").match(self.text, self.pos)
        if not match:
            char = self.peek()
            found = f"“{char}”" if char else "the end of the text"
            raise _Broken(f"expected {what} on line {self.line()}, found {found}")
        self.pos = match.end()
        return match.group()

    def braced(self) -> str:
        """From just after an opening brace to its matching closing brace."""
        start, depth = self.pos, 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return self.text[start : self.pos - 1]
            self.pos += 1
        raise _Broken(f"the brace opened on line {self.line(start)} is never closed")

    def quoted(self) -> str:
        """From just after an opening quote to the closing one outside braces."""
        start, depth = self.pos, 0
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                self.pos += 1
                return self.text[start : self.pos - 1]
            self.pos += 1
        raise _Broken(f"the quote opened on line {self.line(start)} is never closed")


def bibtex_parse(text: str) -> tuple[list[PaperEntry], list[EntryProblem]]:
    """Every @entry of the text; @string macros are expanded, @comment and @preamble and
    the text between entries ignored (as BibTeX does)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(text)
    papers: list[PaperEntry] = []
    problems: list[EntryProblem] = []
    macros = dict(MONTHS)
    number = 0
    for match in re.finditer(r"@\s*([A-Za-z]+)\s*([{(])", text):
        if match.start() < reader.pos:  # inside an entry already read
            continue
        kind = match.group(1).lower()
        if kind in SKIPPED_TYPES:
            reader.pos = match.end()
            try:
                reader.braced() if match.group(2) == "{" else None
            except _Broken:
                reader.pos = match.end()
            continue
        reader.pos = match.end()
        line = reader.line(match.start())
        closing = "}" if match.group(2) == "{" else ")"
        if kind == "string":
            try:
                name, value = _field(reader, macros)
                reader.expect(closing, f"“{closing}”")
            except _Broken:
                reader.pos = match.end()  # a broken @string defines nothing
            else:
                macros[name] = value
            continue
        number += 1
        key = ""
        try:
            key = _key(reader)
            _after_key(reader)
            fields = _fields(reader, macros, closing)
        except _Broken as broken:
            where = f"entry {number} (@{kind}{{{key}…}}, line {line})"
            problems.append(EntryProblem(where, str(broken)))
            reader.pos = _next_entry(text, match.end())
            continue
        where = f"entry {number} ({key}, line {line})" if key else f"entry {number} (line {line})"
        entry = _paper(fields, where)
        if problem := entry_problem(entry):
            problems.append(problem)
        else:
            papers.append(entry)
    return papers, problems


def _next_entry(text: str, pos: int) -> int:
    """Where to go on after a broken entry: the next line that starts with @."""
    found = re.compile(r"^\s*@", re.MULTILINE).search(text, pos)
    return found.start() if found else len(text)


def _key(reader: _Reader) -> str:
    reader.skip_space()
    match = re.compile(r"[^,\s{}()]*").match(reader.text, reader.pos)
    key = match.group() if match else ""
    reader.pos += len(key)
    return key


def _after_key(reader: _Reader) -> None:
    reader.skip_space()
    if reader.peek() == ",":
        reader.pos += 1
    elif reader.peek() not in ("}", ")"):
        found = f"“{reader.peek()}”" if reader.peek() else "the end of the text"
        raise _Broken(f"expected a comma after the key on line {reader.line()}, found {found}")


def _fields(reader: _Reader, macros: dict[str, str], closing: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    while True:
        reader.skip_space()
        if reader.peek() == closing:
            reader.pos += 1
            return fields
        name, value = _field(reader, macros)
        fields[name] = value
        if reader.expect("," + closing, f"a comma or “{closing}”") == closing:
            return fields


def _field(reader: _Reader, macros: dict[str, str]) -> tuple[str, str]:
    name = reader.name("a field name").lower()
    reader.expect("=", f"“=” after {name}")
    parts = []
    while True:
        reader.skip_space()
        char = reader.peek()
        if char == "{":
            reader.pos += 1
            parts.append(reader.braced())
        elif char == '"':
            reader.pos += 1
            parts.append(reader.quoted())
        else:
            word = reader.name(f"the value of {name}")
            parts.append(word if word.isdigit() else macros.get(word.lower(), word))
        reader.skip_space()
        if reader.peek() != "#":
            return name, "".join(parts)
        reader.pos += 1


def _paper(fields: dict[str, str], where: str) -> PaperEntry:
    year_match = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
    return PaperEntry(
        title=latex_to_text(fields.get("title", "")),
        abstract=latex_to_text(fields.get("abstract", "")),
        year=int(year_match.group()) if year_match else None,
        url=_link(fields),
        where=where,
    )


def _link(fields: dict[str, str]) -> str:
    """The url field, else one made from the doi, else from an arXiv eprint."""
    url = " ".join(fields.get("url", "").split())
    url = re.sub(r"^\\url\{(.*)\}$", r"\1", url).replace("\\_", "_").replace("\\%", "%")
    if url:
        return url
    doi = fields.get("doi", "").strip()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)
    if doi:
        return "https://doi.org/" + doi.replace("\\_", "_")
    eprint = fields.get("eprint", "").strip()
    archive = (fields.get("archiveprefix", "") or fields.get("eprinttype", "")).lower()
    if eprint and archive == "arxiv":
        return "https://arxiv.org/abs/" + eprint
    return ""


# --- LaTeX to plain text ----------------------------------------------------------------

ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
SYMBOLS = {
    **{
        name: chr(code)
        for name, code in (
            ("alpha", 0x3B1),
            ("beta", 0x3B2),
            ("gamma", 0x3B3),
            ("delta", 0x3B4),
            ("epsilon", 0x3B5),
            ("varepsilon", 0x3B5),
            ("zeta", 0x3B6),
            ("eta", 0x3B7),
            ("theta", 0x3B8),
            ("kappa", 0x3BA),
            ("lambda", 0x3BB),
            ("mu", 0x3BC),
            ("nu", 0x3BD),
            ("xi", 0x3BE),
            ("pi", 0x3C0),
            ("rho", 0x3C1),
            ("sigma", 0x3C3),
            ("tau", 0x3C4),
            ("phi", 0x3C6),
            ("varphi", 0x3C6),
            ("chi", 0x3C7),
            ("psi", 0x3C8),
            ("omega", 0x3C9),
            ("Gamma", 0x393),
            ("Delta", 0x394),
            ("Theta", 0x398),
            ("Lambda", 0x39B),
            ("Pi", 0x3A0),
            ("Sigma", 0x3A3),
            ("Phi", 0x3A6),
            ("Psi", 0x3A8),
            ("Omega", 0x3A9),
        )
    },  # fmt: skip
    "times": "×",
    "cdot": "·",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "approx": "≈",
    "sim": "∼",
    "infty": "∞",
    "pm": "±",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "ell": "ℓ",
    "in": "∈",
    "sum": "∑",
    "ldots": "…",
    "dots": "…",
    "textendash": "–",
    "textemdash": "—",
    "textquoteright": "’",
    "textquoteleft": "‘",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
}
# Commands whose argument is the text: the command goes, the argument stays.
DROPPED = {
    "emph", "textbf", "textit", "textsc", "texttt", "textrm", "textsf", "textup", "textnormal",
    "mathrm", "mathbf", "mathit", "mathcal", "mathbb", "mathsf", "mathtt", "mathfrak",
    "boldsymbol", "text", "mbox", "url", "href", "bf", "it", "em", "sc", "tt", "rm", "sf",
    "protect", "relax", "noopsort", "small", "footnotesize", "normalsize", "large", "Large",
    "ensuremath", "left", "right", "displaystyle",
}  # fmt: skip


def latex_to_text(value: str) -> str:
    """LaTeX of a BibTeX field as plain text: accents as letters, escaped characters
    unescaped, formatting commands and braces dropped, white space collapsed."""
    text = value
    text = re.sub(r"\\href\s*\{[^{}]*\}", "", text)  # \href{url}{text}: keep the text
    # \'{e}, \'e, {\'e}, \"{\i}, \c{c}, \v c
    text = re.sub(
        r"\\([`'^\"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))",
        lambda m: _accented(m.group(1), m.group(2) or m.group(3)),
        text,
    )
    text = re.sub(
        r"\\([uvHckrdb])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+(\\?[A-Za-z]))",
        lambda m: _accented(m.group(1), m.group(2) or m.group(3)),
        text,
    )
    text = text.replace("\\$", "\x00")  # an escaped dollar is a dollar, others are math
    text = re.sub(r"\\([&%#_{}])", r"\1", text)
    text = re.sub(r"\\(?:ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])\s*", _letter, text)
    text = re.sub(r"\\([A-Za-z]+)\s*", _command, text)
    text = re.sub(r"\\[,;:! ]", " ", text)  # thin and other spaces
    text = text.replace("\\\\", " ").replace("$", "")
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    text = text.replace("~", " ").replace("{", "").replace("}", "").replace("\x00", "$")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _accented(accent: str, letter: str) -> str:
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter.lstrip("\\"))
    return unicodedata.normalize("NFC", base + ACCENTS[accent])


def _letter(match: re.Match) -> str:
    return LETTERS[match.group().strip().lstrip("\\")]


def _command(match: re.Match) -> str:
    name = match.group(1)
    if name in SYMBOLS:
        return SYMBOLS[name] + (" " if match.group().endswith((" ", "\n")) else "")
    if name in DROPPED or match.string.startswith("{", match.end()):
        return ""
    return name + (" " if match.group().endswith((" ", "\n")) else "")

"""The self-identification check on a paper's text (submissions.identity)."""

from submissions.identity import Author, identity_findings
from submissions.pdf import pdf_check, pdf_generate

ADA = Author("Ada Lovelace", "ada@analytical.example.org", "Analytical Engines Institute")
CHARLES = Author("Charles Babbage", "charles@cam.example.ac.uk", "Google")
AUTHORS = [ADA, CHARLES]
ANONYMOUS_HEAD = "Scaling laws for everyone\nAnonymous Authors\nAbstract\nWe study scaling.\n"
REFERENCES = (
    "References\n[1] C. Babbage. Difference engines. 1822.\n"
    "[2] A. Lovelace and C. Babbage. Notes on the engine. 1843.\n"
)


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in identity_findings(text, AUTHORS)]


def test_an_anonymous_paper_citing_its_authors_in_the_third_person_passes():
    text = (
        ANONYMOUS_HEAD
        + "Lovelace and Babbage [2] showed that loss falls. Gemini (Google, 2023) too.\n"
        "Code: https://anonymous.4open.science/r/scaling-1 and "
        "https://github.com/huggingface/transformers\n" + REFERENCES
    )
    assert kinds(text) == []


def test_names_in_the_title_block_are_found_in_any_common_form():
    assert kinds("Scaling laws\nAda Lovelace and C. Babbage\nAbstract\n") == ["name", "name"]
    assert kinds("Scaling laws\nAda B. Lovelace\nAbstract\n") == ["name"]


def test_names_split_by_a_hyphen_at_a_line_end_and_accents_are_found():
    text = "Title\nAda Love-\nlace\nAbstract\n"
    assert kinds(text) == ["name"]
    accented = [Author("Kurt Gödel", "kurt@ias.example.org")]
    assert [f.kind for f in identity_findings("Title\nKurt Godel\n", accented)] == ["name"]


def test_an_email_address_of_an_author_or_at_their_domain_is_found():
    findings = identity_findings("Title\nada@analytical.example.org\n", AUTHORS)
    assert [f.message for f in findings] == [
        "The text gives an author's email address: ada@analytical.example.org."
    ]
    assert kinds("Title\nContact: lab@analytical.example.org\n") == ["email"]
    assert kinds("Title\n{ada, charles}@cam.example.ac.uk\n") == ["email"]
    gmail = [Author("Ada Lovelace", "ada.l@gmail.com")]
    assert identity_findings("Title\nContact: someone.else@gmail.com\n", gmail) == []


def test_a_long_affiliation_anywhere_but_a_short_one_only_in_the_title_block():
    assert kinds(ANONYMOUS_HEAD + "Work done at the Analytical Engines Institute.\n") == [
        "affiliation"
    ]
    assert kinds("Title\nGoogle\nAbstract\nWe study scaling.\n") == ["affiliation"]
    assert kinds(ANONYMOUS_HEAD + "We compare with Google's T5.\n") == []


def test_an_acknowledgements_section_is_found():
    text = ANONYMOUS_HEAD + "Acknowledgements\nWe thank the funders.\n" + REFERENCES
    assert kinds(text) == ["acknowledgements"]


def test_a_link_to_an_authors_own_repository_or_page_is_found():
    text = ANONYMOUS_HEAD + "Code: https://github.com/alovelace/scaling-laws\n"
    assert [f.message for f in identity_findings(text, AUTHORS)] == [
        "A link points to an author's own page or repository: github.com/alovelace/scaling-laws."
    ]
    assert kinds(ANONYMOUS_HEAD + "See https://www.cs.example.edu/~babbage/\n") == ["repository"]


def test_first_person_citation_of_a_reference_naming_an_author_is_found():
    text = ANONYMOUS_HEAD + "In our previous work [2], we showed it.\n" + REFERENCES
    assert [f.message for f in identity_findings(text, AUTHORS)] == [
        "Your own work is cited in the first person: “our previous work [2]” cites Ada Lovelace."
    ]
    assert kinds(ANONYMOUS_HEAD + "As we previously showed (Babbage et al., 2021), x.\n") == [
        "self-citation"
    ]
    assert kinds(ANONYMOUS_HEAD + "Our previous work [1] is unrelated.\n" + REFERENCES) == [
        "self-citation"
    ]
    assert kinds(ANONYMOUS_HEAD + "Our method [1] differs.\n" + REFERENCES) == []


def test_the_pdf_check_extracts_the_text_the_check_reads():
    data = pdf_generate(title="Scaling laws", lines=("Ada Lovelace", "Abstract", "We study."))
    checked = pdf_check(data, max_pages=4, max_bytes=10 * 1024 * 1024)
    assert "Ada Lovelace" in checked.text
    assert [f.kind for f in identity_findings(checked.text, AUTHORS)] == ["name"]


def test_a_reversed_name_a_project_page_and_thanks_in_the_text_are_found():
    assert kinds(ANONYMOUS_HEAD + "* Correspondence: Lovelace, Ada.\n") == ["name"]
    assert kinds(ANONYMOUS_HEAD + "Demo: https://lovelace.github.io/demo\n") == ["repository"]
    assert kinds(ANONYMOUS_HEAD + "This work was supported by NSF grant 1234.\n") == [
        "acknowledgements"
    ]


def test_an_acknowledgements_heading_left_as_a_placeholder_passes():
    assert kinds(ANONYMOUS_HEAD + "Acknowledgements\nOmitted for anonymity.\n") == []

"""Reading a pasted BibTeX file or plain list of papers (pool/paper_texts.py)."""

import pytest

from pool.paper_texts import (
    PaperEntry,
    bibtex_parse,
    latex_to_text,
    papers_parse,
    plain_papers_parse,
)

BIBTEX = r"""
@string{neurips = "Advances in Neural Information Processing Systems"}
Text between entries is ignored, as BibTeX does.
@comment{ @article{hidden, title = {Not a paper}} }

@inproceedings{kaplan2020,
  title     = {Scaling Laws for Neural {Language} Models},
  author    = {Kaplan, Jared and M{\"u}ller, J{\"o}rg},
  booktitle = neurips,
  year      = 2020,
  abstract  = "We study empirical scaling laws for language model performance.
               The loss scales as a power law with {\em dataset} size \& compute.",
  doi       = {https://doi.org/10.48550/arXiv.2001.08361},
}

@Article(second,
  Title = "Na{\"\i}ve {B}ayes at {\'E}cole Polytechnique: $\alpha$-divergence in $O(n \log n)$",
  Year  = {circa 2019},
  url   = {https://example.org/~me/p.pdf}
)

@misc{arxiv21, title = {Stra{\ss}e \c{c}a \v{S}koda {\o}rsted Erd\H{o}s --- a study},
  eprint = {2101.00001}, archivePrefix = {arXiv}, year = {2021}}
"""


def test_bibtex_reads_title_abstract_year_and_link():
    papers, problems = papers_parse(BIBTEX)
    assert problems == []
    assert papers == [
        PaperEntry(
            title="Scaling Laws for Neural Language Models",
            abstract="We study empirical scaling laws for language model performance. The loss "
            "scales as a power law with dataset size & compute.",
            year=2020,
            url="https://doi.org/10.48550/arXiv.2001.08361",
            where="entry 1 (kaplan2020, line 6)",
        ),
        PaperEntry(
            title="Naïve Bayes at École Polytechnique: α-divergence in O(n log n)",
            year=2019,
            url="https://example.org/~me/p.pdf",
            where="entry 2 (second, line 16)",
        ),
        PaperEntry(
            title="Straße ça Škoda ørsted Erdős — a study",
            year=2021,
            url="https://arxiv.org/abs/2101.00001",
            where="entry 3 (arxiv21, line 22)",
        ),
    ]


def test_bibtex_broken_entries_are_reported_one_by_one_and_the_others_read():
    text = (
        "@article{ok1, title={First}}\n"
        "@article{open,\n  title = {Never {closed},\n  year = 2021\n}\n"
        "@article{ok2, title={Second}, year={2020}}\n"
        "@misc{notitle, year = 2020}\n"
        "@book{old, title = {Principia}, year = 1687}\n"
        "@misc{badlink, title = {Linked}, url = {www example}}\n"
        "@article{nocomma title = {X}}\n"
    )
    papers, problems = bibtex_parse(text)
    assert [paper.title for paper in papers] == ["First", "Second"]
    assert [str(problem) for problem in problems] == [
        "entry 2 (@article{open…}, line 2): expected a comma or “}” on line 6, found “@” "
        "(is a brace left open above?)",
        "entry 4 (notitle, line 7): no title",
        "entry 5 (old, line 8): the year 1687 is not a plausible year",
        "entry 6 (badlink, line 9): the link “www example” is not a web address",
        "entry 7 (@article{nocomma…}, line 10): expected a comma after the key on line 10, "
        "found “t”",
    ]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\'e}t{\'{e}} \`a la pla\c{c}a", "été à la plaça"),
        (r"G{\"o}del, Escher, \"{U}ber", "Gödel, Escher, Über"),
        (
            r"\v{C}ech and \u{a} and Erd\H{o}s and \r{A}ngstr\"om",
            "Čech and ă and Erdős and Ångström",
        ),
        (r"{\AA}se {\ss} \o{} \ae \oe{} \l{}\'od\'z", "Åse ß ø æœ łódź"),
        (r"Na\"{\i}ve", "Naïve"),
        (r"\emph{Deep} \textbf{learning} \textit{at} \textsc{scale}", "Deep learning at scale"),
        (r"100\% of \$5 \& more: a\_b \#1", "100% of $5 & more: a_b #1"),
        (r"$\ell_1$ and $\beta$-VAE, $x \leq y$", "ℓ_1 and β-VAE, x ≤ y"),
        (r"pages 1--10 --- ``quoted''", "pages 1–10 — “quoted”"),
        (r"{{BERT}}: {P}re-training~of \LaTeX\ models", "BERT: Pre-training of LaTeX models"),
        (r"\unknowncommand{kept} \foo", "kept foo"),
    ],
)
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text


def test_bibtex_brace_open_to_the_end_is_reported():
    papers, problems = bibtex_parse("@article{ok, title={Fine}}\n@article{last, title={Open")
    assert [paper.title for paper in papers] == ["Fine"]
    assert [str(problem) for problem in problems] == [
        "entry 2 (@article{last…}, line 2): the brace opened on line 2 is never closed"
    ]


def test_plain_list_blocks_are_title_then_abstract():
    text = "Title one\nabstract line\nmore of it\n\n\n  Title two  \n\r\nTitle three\n"
    papers, problems = papers_parse(text)
    assert problems == []
    assert [(paper.title, paper.abstract, paper.where) for paper in papers] == [
        ("Title one", "abstract line more of it", "paper 1 (line 1)"),
        ("Title two", "", "paper 2 (line 6)"),
        ("Title three", "", "paper 3 (line 8)"),
    ]


def test_plain_list_overlong_title_line_is_reported():
    papers, problems = plain_papers_parse("Short\n\n" + "word " * 120)
    assert [paper.title for paper in papers] == ["Short"]
    assert [str(problem) for problem in problems] == [
        "paper 2 (line 3): the title is longer than 500 characters "
        "(is the line break after the title missing?)"
    ]


def test_text_with_an_at_sign_but_no_entry_is_a_plain_list():
    papers, problems = papers_parse("Email me at ann@example.org\nabout {this}")
    assert problems == []
    assert [(paper.title, paper.abstract) for paper in papers] == [
        ("Email me at ann@example.org", "about {this}")
    ]


def test_nothing_in_the_text_is_no_paper():
    assert papers_parse("  \n\n ") == ([], [])
    assert bibtex_parse("@comment{nothing}") == ([], [])

from submissions.templatetags.submission_tags import markdown_math


def test_markdown_math_typesets_inline_math_in_text():
    assert markdown_math("Loss $L(N) = N^{-a}$ falls.") == (
        '<p>Loss <span class="math">$L(N) = N^{-a}$</span> falls.</p>'
    )


def test_markdown_math_inside_a_link_target_stays_plain_text():
    html = markdown_math("[t]($x$)")
    assert html == '<p><a href="$x$" rel="nofollow noopener">t</a></p>'


def test_markdown_math_in_a_link_title_and_text():
    html = markdown_math('[see $y$](https://example.org "about $z$")')
    assert html == (
        '<p><a href="https://example.org" title="about $z$" rel="nofollow noopener">'
        'see <span class="math">$y$</span></a></p>'
    )


def test_markdown_math_cannot_smuggle_markup_through_math():
    html = markdown_math('$<img src=x onerror="alert(1)">$ and [a]($"><script>x</script>$)')
    assert html == (
        '<p><span class="math">$&lt;img src=x onerror=&quot;alert(1)&quot;&gt;$</span> and '
        '<a href="$&quot;&gt;&lt;script&gt;x&lt;/script&gt;$" rel="nofollow noopener">a</a></p>'
    )

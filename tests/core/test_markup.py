from participation.core.markup import render_markdown


def test_keeps_headings_lists_links_and_emphasis():
    html = render_markdown(
        "## Titel\n\n- eins\n- zwei\n\n1. erstens\n\n*kursiv* **fett** [Stadt](https://example.org)"
    )
    assert "<h2>Titel</h2>" in html
    assert "<ul>" in html and "<li>eins</li>" in html
    assert "<ol>" in html
    assert "<em>kursiv</em>" in html and "<strong>fett</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_page_heading_level_one_is_demoted():
    assert "<h1>" not in render_markdown("# Groß")
    assert "<h2>Groß</h2>" in render_markdown("# Groß")


def test_removes_script_blocks_with_their_content():
    html = render_markdown("Hallo <script>alert('x')</script> Welt")
    assert "<script" not in html
    assert "alert" not in html
    assert "Hallo" in html and "Welt" in html


def test_removes_event_handlers():
    html = render_markdown(
        '<a href="https://example.org" onclick="steal()">x</a><img src=x onerror=alert(1)>'
    )
    assert "onclick" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_removes_javascript_links():
    html = render_markdown("[klick](javascript:alert(1)) <a href='JavaScript:alert(2)'>y</a>")
    assert "javascript" not in html.lower()
    assert "klick" in html


def test_removes_iframes_and_styles():
    html = render_markdown('<iframe src="https://evil.example"></iframe><style>body{}</style>Text')
    assert "<iframe" not in html
    assert "evil.example" not in html
    assert "<style" not in html
    assert "Text" in html


def test_escapes_rather_than_trusts_html_in_text():
    html = render_markdown("1 < 2 & <b onmouseover=x>fett</b>")
    assert "onmouseover" not in html
    assert "&lt;" in html and "&amp;" in html


def test_empty_input_gives_empty_markup():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_mailto_kept_but_data_urls_dropped():
    html = render_markdown(
        "[Mail](mailto:a@example.org) [Bild](data:text/html;base64,PHNjcmlwdD4=)"
    )
    assert "mailto:a@example.org" in html
    assert "data:" not in html

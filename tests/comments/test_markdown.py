"""Comments use a Markdown subset: no headings, no images, nothing that runs code."""

import pytest
from sqlalchemy import select

from participation.comments.models import Comment
from participation.core.markup import render_comment_markdown


def test_keeps_emphasis_lists_links_quotes_and_code():
    html = render_comment_markdown(
        "*kursiv* **fett** [Stadt](https://example.org)\n\n- eins\n- zwei\n\n> Zitat\n\n`code`"
    )
    assert "<em>kursiv</em>" in html and "<strong>fett</strong>" in html
    assert 'href="https://example.org"' in html and "nofollow" in html
    assert "<li>eins</li>" in html
    assert "<blockquote>" in html
    assert "<code>code</code>" in html


@pytest.mark.parametrize(
    "source",
    ["# Groß", "## Mittel", "###### Klein", "Titel\n=====", "<h2>Roh</h2>", "<h1 id=x>Roh</h1>"],
)
def test_headings_become_plain_paragraphs(source):
    html = render_comment_markdown(source)
    assert "<h" not in html
    assert "<p>" in html


def test_images_are_dropped():
    html = render_comment_markdown('![Bild](https://example.org/a.png) <img src="x.png">Text')
    assert "<img" not in html and "a.png" not in html
    assert "Text" in html


def test_scripts_handlers_and_javascript_links_are_removed():
    html = render_comment_markdown(
        "<script>alert(1)</script>[klick](javascript:alert(2)) "
        '<a href="https://example.org" onclick="steal()">x</a> <b onmouseover=y>z</b>'
    )
    assert "<script" not in html and "alert" not in html
    assert "javascript" not in html.lower()
    assert "onclick" not in html and "onmouseover" not in html
    assert "klick" in html


def test_posted_comment_is_sanitised_on_the_page(client, login_as, db, thread):
    login_as("resident")
    body = "# Laut\n\n![x](https://evil.example/p.png)\n\n<script>alert(1)</script><a href='javascript:x()' onclick='y()'>Link</a>"
    assert client.post(f"/comments/thread/{thread.id}", data={"body": body}).status_code == 302
    comment = db.session.scalar(select(Comment).where(Comment.thread_id == thread.id))
    page = client.get(f"/comments/{comment.id}").text
    article = page.split(f'id="comment-{comment.id}"', 1)[1].split("</article>", 1)[0]
    assert "<h" not in article.split("</header>", 1)[1]
    assert "<img" not in article and "evil.example" not in article
    assert "<script" not in article and "onclick" not in article
    assert "javascript" not in article.lower()
    assert "Laut" in article and "Link" in article

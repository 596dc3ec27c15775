"""The one Markdown→HTML renderer: Markdown, then a bleach allowlist. Every feature uses it."""

from __future__ import annotations

import re

import bleach
import markdown
from bleach.linkifier import Linker
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i",
        "ul", "ol", "li", "blockquote", "code", "pre", "a", "table", "thead",
        "tbody", "tr", "th", "td", "abbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"], "th": ["scope"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
DROPPED_BLOCKS = re.compile(r"<(script|style|iframe|object)\b.*?</\1\s*>", re.I | re.S)
HEADING_SHIFT = {"<h1>": "<h2>", "</h1>": "</h2>"}
# Comments get a smaller set: no headings (a reply must not outrank the page's own outline).
COMMENT_TAGS = ALLOWED_TAGS - {"h2", "h3", "h4", "h5", "h6"}
ANY_HEADING = re.compile(r"<(/?)h[1-6]\b[^>]*>", re.I)


def _link_rel(attrs, new=False):
    """Mark external links as nofollow/noopener so user content cannot steer ranking or tabs."""
    href = attrs.get((None, "href"), "")
    if href.startswith(("http://", "https://")):
        attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


def _make_cleaner(tags: frozenset[str]) -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


_cleaner = _make_cleaner(ALLOWED_TAGS)
_comment_cleaner = _make_cleaner(COMMENT_TAGS)
_linker = Linker(callbacks=[_link_rel], skip_tags={"pre", "code"})


def _markdown_html(text: str) -> str:
    """Turn Markdown into (still untrusted) HTML without script, style or frame blocks."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return DROPPED_BLOCKS.sub("", html)


def render_markdown(text: str | None) -> Markup:
    """Render user Markdown to safe HTML (h1 becomes h2: the page owns the h1)."""
    if not text:
        return Markup("")
    html = _markdown_html(text)
    for old, new in HEADING_SHIFT.items():
        html = html.replace(old, new)
    return Markup(_linker.linkify(_cleaner.clean(html)))


def render_comment_markdown(text: str | None) -> Markup:
    """Render a comment's Markdown subset: headings become paragraphs, images are dropped."""
    if not text:
        return Markup("")
    html = ANY_HEADING.sub(r"<\1p>", _markdown_html(text))
    return Markup(_linker.linkify(_comment_cleaner.clean(html)))

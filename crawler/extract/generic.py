"""A generic main-text extractor tuned for Chinese news and government pages.

Title: the heading that the <title> (which usually carries the site name) contains. Body: the
container whose paragraphs hold the most non-link Chinese text, with the sibling sections that continue
it. Date and author: crawler.extract.byline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lxml import etree, html

from crawler.encoding import repair_mojibake
from crawler.extract.byline import extract_author, extract_date
from crawler.extract.dom import CJK, _inside, _is_descendant, _meta, clean_text  # noqa: F401  (re-exported)

NOISE_TAGS = ("script", "style", "noscript", "iframe", "template", "svg", "button", "select", "textarea")
TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|--|——|—| - | – |-(?=[^-]*$))\s*")
BOILER_LINE = re.compile(
    r"^(?:责任编辑|编辑|来源|分享到|扫一扫|【?打印|【?关闭|上一篇|下一篇|相关(?:新闻|阅读|文章)|版权所有|"
    r"Copyright|网站地图|联系我们|主办单位|承办单位|备案号|粤ICP|(?:发布|更新)?(?:时间|日期)[:：].{0,60}$|"
    r"来源[:：].{0,40}$|[（(]\s*责编|返回搜狐|[（(]\s*(?:记者|通讯员|作者|编辑)[^）)]{0,40}[）)]$)")
TITLE_META = ("articletitle", "og:title", "twitter:title", "title")
BLOCK_TAGS = {"p", "div", "section", "article", "td", "li", "h1", "h2", "h3", "h4", "h5", "h6",
              "blockquote", "pre", "tr", "table", "ul", "ol", "dd", "dt", "center"}
COMMENT_ZONE = re.compile(r"comment|reply|pinglun|discuss|remark|liuyan", re.I)
LIST_LIKE = {"ul", "ol", "li", "nav", "footer", "header", "aside", "dl"}


@dataclass
class GenericResult:
    """What the generic extractor found; None where it found nothing."""

    title: str | None
    body: str | None
    published_at: dt.datetime | None
    author: str | None
    date_text: str | None = None


def parse_html(text: str) -> etree._Element | None:
    """A cleaned lxml tree (scripts, styles and comments removed), or None for an empty page."""
    if not text or not text.strip():
        return None
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
    etree.strip_elements(root, *NOISE_TAGS, etree.Comment, with_tail=False)
    return root


def _cjk_len(text: str) -> int:
    return len(CJK.findall(text))


def _link_text_len(node) -> int:
    return sum(len(clean_text(a.text_content())) for a in node.iter("a"))


def extract_title(root) -> tuple[str | None, etree._Element | None]:
    """The article title and the heading element it came from (if any)."""
    title_tag = clean_text(repair_mojibake(root.findtext(".//title")))  # repair first: U+0085 is whitespace
    meta_title = _meta(root, TITLE_META, repair=True)
    headings = [h for tag in ("h1", "h2", "h3") for h in root.iter(tag)]
    headings += [e for e in root.xpath("//*[contains(@class,'tit') or contains(@id,'tit') or contains(@class,'headline')]")
                 if e.tag not in ("h1", "h2", "h3", "title", "a", "body", "html")]
    if title_tag:  # old templates mark the headline only with <b>/<strong>/<font>
        headings += [e for tag in ("b", "strong", "font") for e in root.iter(tag)
                     if len(clean_text(e.text_content())) >= 6 and clean_text(e.text_content()) in title_tag]
    segments = {p for p in TITLE_SPLIT.split(title_tag) if p} if title_tag else set()
    best, best_node, best_score = None, None, 0.0
    for node in headings:
        full = clean_text(node.text_content())
        if _inside(node, ("a",)) or node.find(".//a") is not None and _link_text_len(node) >= len(full) * 0.8:
            continue
        own = clean_text(node.text)  # without a counter or label that a child element appends
        for text in ((full, own) if own and own != full else (full,)):
            # a short headline (夜雨) counts only when it is a whole segment of the <title>
            if not (4 <= len(text) <= 120 or (len(text) >= 2 and text in segments)):
                continue
            score = 0.0
            for ref in (title_tag, meta_title):
                if ref and text in ref:
                    score = max(score, 2.0 + len(text) / max(len(ref), 1))
                elif ref and ref in text:
                    score = max(score, 1.5)
            if node.tag == "h1":
                score += 0.5
            if node.tag in ("b", "strong", "font") and _inside(node, ("p",)):
                score -= 0.5  # a bold lead-in inside a paragraph, not the headline
            if score > best_score:
                best, best_node, best_score = text, node, score
    if best:
        return best, best_node
    if meta_title and meta_title != title_tag:
        return _strip_site_name(meta_title), None
    if title_tag:
        return _strip_site_name(title_tag), None
    for node in root.iter("h1"):
        text = clean_text(node.text_content())
        if len(text) >= 4:
            return text, node
    return None, None


def _strip_site_name(title: str) -> str:
    parts = [p for p in TITLE_SPLIT.split(title) if p]
    return max(parts, key=len) if parts else title


def _paragraphs(node) -> list[str]:
    """The text blocks of `node`: each <p>/<br>-separated line, minus link-heavy and boilerplate lines."""
    lines: list[tuple[str, int]] = []
    buffer: list[str] = []
    linked = [0]  # characters of the buffer that sit inside links

    def flush():
        text = clean_text("".join(buffer))
        buffer.clear()
        if text:
            lines.append((text, linked[0]))
        linked[0] = 0

    def add(text, in_link):
        buffer.append(text)
        if in_link:
            linked[0] += len(clean_text(text))

    def walk(el, in_link):
        if el.tag in LIST_LIKE and el is not node:
            flush()
            return
        in_link = in_link or el.tag == "a"
        if el.tag in BLOCK_TAGS or el.tag == "br":
            flush()
        if el.tag != "br" and el.text:
            add(el.text, in_link)
        for child in el:
            walk(child, in_link)
        if el.tag in BLOCK_TAGS:
            flush()
        if el.tail and el is not node:
            add(el.tail, in_link and el.tag != "a")

    walk(node, False)
    flush()
    out = []
    for line, link_chars in lines:
        if BOILER_LINE.match(line) or (_cjk_len(line) == 0 and len(line) < 40):
            continue
        if link_chars >= 0.5 * len(line) and len(line) < 120:  # a related headline or a link bar
            continue
        out.append(line)
    return out


def _is_leaf_block(node) -> bool:
    return not any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in node.iterdescendants())


def _in_comments(node) -> bool:
    """True when the node or an ancestor is a comment/reply block (readers' text, not the article)."""
    while node is not None:
        if COMMENT_ZONE.search((node.get("class") or "") + " " + (node.get("id") or "")):
            return True
        node = node.getparent()
    return False


def _score_container(node) -> float:
    """Non-link Chinese text held in the node's own paragraphs (direct <p>, leaf blocks, <br> lines)."""
    text = clean_text(node.text_content())
    if not text:
        return 0.0
    link = _link_text_len(node)
    p_text = 0
    for child in node:
        if child.tag == "p":
            p_text += _cjk_len(child.text_content())
        elif child.tag in ("div", "section", "span", "font") and _is_leaf_block(child):
            n = _cjk_len(child.text_content())
            p_text += n if n >= 15 else 0
    if node.find("br") is not None:
        p_text += 0.5 * _cjk_len((node.text or "") + "".join(c.tail or "" for c in node))
    density = 1.0 - min(link / max(len(text), 1), 1.0)
    return p_text * density ** 2


SENTENCE_END = re.compile(r"[。！？!?”」）)…]$")
SIBLING_BOILER = re.compile(r"版权|不得转载|免责|不代表|仅供参考|仅代表|看法|立场|声明|责任编辑|来源[:：]")


def _ancestor(node, tag):
    parent = node.getparent()
    while parent is not None:
        if parent.tag == tag:
            return parent
        parent = parent.getparent()
    return None


def _sibling_belongs(sibling, best_score: float, before: bool) -> bool:
    """Whether a sibling of the body container is more of the article (a lead, a further section)."""
    if not isinstance(sibling.tag, str) or sibling.tag in LIST_LIKE or sibling.tag in ("a", "h1", "h2", "h3"):
        return False
    if _in_comments(sibling):
        return False
    text = clean_text(sibling.text_content())
    cjk = _cjk_len(text)
    if cjk < 15:
        return False
    link_density = _link_text_len(sibling) / max(len(text), 1)
    if link_density >= 0.25 or (cjk < 120 and SIBLING_BOILER.search(text)):
        return False
    if cjk >= 80 or cjk >= 0.3 * best_score:  # best_score is about the body's own Chinese characters
        return True
    return before and link_density == 0 and bool(SENTENCE_END.search(text))  # a summary or lead paragraph


def _body_nodes(best, best_score: float) -> list:
    """The body container and the siblings that continue it, in document order.

    Climbs while the parent adds little text of its own (a wrapper with a heading), then keeps the
    siblings that read as more of the article: split sections, a summary above the text."""
    node = best
    size = len(clean_text(best.text_content()))
    while node.getparent() is not None and node.getparent().tag not in ("body", "html"):
        parent = node.getparent()
        if len(clean_text(parent.text_content())) > size * 1.15 + 20:
            break
        node = parent
    parent = node.getparent()
    if parent is None or parent.tag == "html":
        return [best]
    out, before = [], True
    for sibling in parent:
        if sibling is node:
            out.append(best)
            before = False
        elif _sibling_belongs(sibling, best_score, before):
            out.append(sibling)
    return out


def extract_body(root, title_node=None) -> tuple[str | None, etree._Element | None]:
    """The main text (paragraphs joined by newlines) and its container element."""
    body = root.find("body")
    if body is None:
        return None, None
    article = _ancestor(title_node, "article") if title_node is not None else None
    best, best_score = None, 0.0
    for node in [body, *body.iter("div", "article", "section", "td", "main", "font", "span")]:
        if _inside(node, ("nav", "footer", "header", "aside")) or _in_comments(node):
            continue
        score = _score_container(node)
        if score <= best_score * 0.25:
            continue
        if _inside(node, ("li",)):
            score *= 0.3  # one item of a stream or list of other stories
        if article is not None and (node is article or _is_descendant(node, article)):
            score *= 2.0  # the container that shares the headline's <article>
        if score > best_score:
            best, best_score = node, score
    if best is None:
        return None, None
    nodes = _body_nodes(best, best_score)
    lines = [ln for n in nodes for ln in _paragraphs(n)]
    if title_node is not None:
        title_text = clean_text(title_node.text_content())
        lines = [ln for ln in lines if ln != title_text]
    text = "\n".join(lines)
    return (text or None), nodes[0]  # the first part: the byline zone ends where the body starts


def extract_generic(text: str, now=None) -> GenericResult:
    """Run the heuristics over one HTML document."""
    root = parse_html(text)
    if root is None:
        return GenericResult(None, None, None, None)
    title, title_node = extract_title(root)
    body, body_node = extract_body(root, title_node)
    published, date_text = extract_date(root, title_node, body_node, now)
    author = extract_author(root, title_node, body_node)
    return GenericResult(title, body, published, author, date_text)
